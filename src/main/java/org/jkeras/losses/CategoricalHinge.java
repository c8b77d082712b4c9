package org.jkeras.losses;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code CategoricalHinge()} ({@code "categorical_hinge"}), one-hot labels: {@code max(neg -
 * pos + 1, 0)} with {@code pos = sum(t * p)} and {@code neg = max((1 - t) * p)} over the last axis.
 */
public class CategoricalHinge extends Loss {
  public CategoricalHinge() {
    super("categorical_hinge");
  }

  @Override
  public Operand<TFloat32> call(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    Reduction.SameRank s = sameRank(tf, yTrue, yPred);
    Operand<TFloat32> t = s.first();
    Operand<TFloat32> p = s.second();
    Operand<TFloat32> pos = tf.reduceSum(tf.math.mul(t, p), tf.constant(-1));
    Operand<TFloat32> neg = tf.reduceMax(tf.math.mul(tf.math.sub(tf.constant(1f), t), p), tf.constant(-1));
    return tf.math.maximum(tf.math.add(tf.math.sub(neg, pos), tf.constant(1f)), tf.constant(0f));
  }

  /** Keras's {@code from_config}. */
  public static CategoricalHinge fromConfig(Map<String, Object> config) {
    return withBaseConfig(new CategoricalHinge(), readConfig("CategoricalHinge", config));
  }
}
