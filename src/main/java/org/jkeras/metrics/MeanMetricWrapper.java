package org.jkeras.metrics;

import org.jkeras.losses.Loss;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code MeanMetricWrapper}: a {@link Mean} of a function giving one value per sample
 * ({@link #values}), averaged over every sample seen: {@code total += sum(values * w)}, {@code
 * count += sum(w)} (w = 1 without sample weights), {@code result = total / count} (0 before any
 * sample). The function is either {@code values} overridden, or a loss's per-sample {@link
 * Loss#call} (the loss-named metrics: {@code "mae"}, {@code "binary_crossentropy"}..., whose
 * direction is "down" as in Keras).
 */
public abstract class MeanMetricWrapper extends Mean {
  private final Loss fn;

  protected MeanMetricWrapper(String name) {
    this(name, null);
  }

  /** A mean of {@code fn}'s per-sample losses. */
  protected MeanMetricWrapper(String name, Loss fn) {
    super(name);
    this.fn = fn;
  }

  /** Per-sample values, shape (batch,) or more axes (averaged per sample); by default the wrapped loss's. */
  public Operand<TFloat32> values(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    if (fn == null) {
      throw new IllegalStateException(getClass().getSimpleName() + " must override values() or wrap a loss.");
    }
    return fn.call(tf, yTrue, yPred);
  }

  @Override
  public Op updateState(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Operand<TFloat32> sampleWeight) {
    return updateState(tf, values(tf, yTrue, yPred), sampleWeight);
  }

  /** Keras's {@code update_state(y_true, y_pred)} on arrays (not Mean's values and weights). */
  @Override
  public void updateState(FloatNdArray yTrue, FloatNdArray yPred) {
    updateState(yTrue, yPred, null);
  }

  @Override
  public void updateState(FloatNdArray yTrue, FloatNdArray yPred, FloatNdArray sampleWeight) {
    MetricRunner.update(this, yTrue.shape(), yPred.shape(), tf -> updateState(tf, MetricRunner.constant(tf, yTrue),
        MetricRunner.constant(tf, yPred), MetricRunner.constant(tf, sampleWeight)));
  }

  /** "down" for a wrapped loss (Keras's direction of a MeanMetricWrapper around a loss); otherwise unknown. */
  @Override
  public String direction() {
    return fn != null ? "down" : null;
  }
}
