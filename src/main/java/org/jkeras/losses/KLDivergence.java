package org.jkeras.losses;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code KLDivergence()} ({@code "kl_divergence"}, {@code "kld"}): {@code sum(t * log(t /
 * p), axis=-1)} with both clipped to [1e-7, 1].
 */
public class KLDivergence extends Loss {
  public KLDivergence() {
    super("kl_divergence");
  }

  @Override
  public Operand<TFloat32> call(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    Reduction.SameRank s = sameRank(tf, yTrue, yPred);
    Operand<TFloat32> eps = tf.constant(BinaryCrossentropy.EPSILON);
    Operand<TFloat32> one = tf.constant(1f);
    Operand<TFloat32> t = tf.clipByValue(s.first(), eps, one);
    Operand<TFloat32> p = tf.clipByValue(s.second(), eps, one);
    return tf.reduceSum(tf.math.mul(t, tf.math.log(tf.math.div(t, p))), tf.constant(-1));
  }

  /** Keras's {@code from_config}. */
  public static KLDivergence fromConfig(Map<String, Object> config) {
    return withBaseConfig(new KLDivergence(), readConfig("KLDivergence", config));
  }
}
