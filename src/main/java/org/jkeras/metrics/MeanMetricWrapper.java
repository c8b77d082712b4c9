package org.jkeras.metrics;

import java.util.List;
import org.jkeras.backend.KerasVariable;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code MeanMetricWrapper}: a function giving one value per sample ({@link #values}),
 * averaged over every sample seen: {@code total += sum(values * w)}, {@code count += sum(w)} (w = 1
 * without sample weights), {@code result = total / count} (0 before any sample).
 */
public abstract class MeanMetricWrapper extends Metric {
  private final KerasVariable total;
  private final KerasVariable count;

  protected MeanMetricWrapper(String name) {
    super(name);
    this.total = addVariable("total", Shape.scalar());
    this.count = addVariable("count", Shape.scalar());
  }

  /** Per-sample values, shape (batch,). */
  public abstract Operand<TFloat32> values(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred);

  @Override
  public Op updateState(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Operand<TFloat32> sampleWeight) {
    Operand<TFloat32> v = values(tf, yTrue, yPred);
    Operand<TFloat32> n;
    if (sampleWeight == null) {
      n = tf.dtypes.cast(tf.size(v), TFloat32.class);
    } else {
      v = tf.math.mul(v, sampleWeight);
      n = tf.reduceSum(sampleWeight, tf.constant(0));
    }
    Op addTotal = total.assignAdd(tf, tf.reduceSum(v, tf.constant(0)));
    Op addCount = count.assignAdd(tf, n);
    return tf.withControlDependencies(List.of(addTotal, addCount)).noOp();
  }

  @Override
  public Operand<TFloat32> result(Ops tf) {
    return tf.math.divNoNan(total.read(tf), count.read(tf));
  }
}
