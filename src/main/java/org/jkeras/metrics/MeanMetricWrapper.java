package org.jkeras.metrics;

import org.jkeras.backend.KerasVariable;
import org.jkeras.losses.Loss;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code MeanMetricWrapper}: the mean (as {@link Mean}) of a function giving one value per sample
 * ({@link #values}), averaged over every sample seen: {@code total += sum(values * w)}, {@code
 * count += sum(w)} (w = 1 without sample weights), {@code result = total / count} (0 before any
 * sample). The function is either {@code values} overridden, or a loss's per-sample {@link
 * Loss#call} (the loss-named metrics: {@code "mae"}, {@code "binary_crossentropy"}..., whose
 * direction is "down" as in Keras).
 */
public abstract class MeanMetricWrapper extends Metric {
  private final Loss fn;
  private KerasVariable total;
  private KerasVariable count;

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
  protected void build(Shape yTrueShape, Shape yPredShape) {
    total = addVariable("total", Shape.scalar());
    count = addVariable("count", Shape.scalar());
  }

  @Override
  public Op updateState(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Operand<TFloat32> sampleWeight) {
    return Mean.accumulate(tf, total, count, values(tf, yTrue, yPred), sampleWeight);
  }

  @Override
  public Operand<TFloat32> result(Ops tf) {
    return tf.math.divNoNan(total.read(tf), count.read(tf));
  }

  /** "down" for a wrapped loss (Keras's direction of a MeanMetricWrapper around a loss); otherwise unknown. */
  @Override
  public String direction() {
    return fn != null ? "down" : null;
  }
}
