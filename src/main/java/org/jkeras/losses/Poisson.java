package org.jkeras.losses;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras's {@code Poisson()} ({@code "poisson"}): {@code mean(p - t * log(p + 1e-7), axis=-1)}. */
public class Poisson extends Loss {
  public Poisson() {
    super("poisson");
  }

  @Override
  public Operand<TFloat32> call(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    Reduction.SameRank s = sameRank(tf, yTrue, yPred);
    Operand<TFloat32> p = s.second();
    Operand<TFloat32> logP = tf.math.log(tf.math.add(p, tf.constant(BinaryCrossentropy.EPSILON)));
    return tf.math.mean(tf.math.sub(p, tf.math.mul(s.first(), logP)), tf.constant(-1));
  }

  /** Keras's {@code from_config}. */
  public static Poisson fromConfig(Map<String, Object> config) {
    return withBaseConfig(new Poisson(), readConfig("Poisson", config));
  }
}
