package org.jkeras.losses;

import java.util.Map;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code Huber(delta=1.0)} ({@code "huber"}; named {@code huber_loss}): per element
 * {@code 0.5 * e^2} where {@code |e| <= delta}, else {@code delta * |e| - 0.5 * delta^2}, with
 * {@code e = p - t}; the mean over the last axis.
 *
 * <p>Keras 3.15 leaves {@code delta} out of {@code get_config()} (so its configs rebuild a Huber of
 * delta 1.0); jkeras writes it when it is not 1.0, which Keras reads back.
 */
public class Huber extends Loss {
  private final double delta;

  public Huber() {
    this(1.0);
  }

  public Huber(double delta) {
    super("huber_loss");
    this.delta = delta;
  }

  public double delta() {
    return delta;
  }

  @Override
  public Operand<TFloat32> call(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    Reduction.SameRank s = sameRank(tf, yTrue, yPred);
    Operand<TFloat32> d = tf.constant((float) delta);
    Operand<TFloat32> half = tf.constant(0.5f);
    Operand<TFloat32> error = tf.math.sub(s.second(), s.first());
    Operand<TFloat32> abs = tf.math.abs(error);
    Operand<TFloat32> small = tf.math.mul(half, tf.math.square(error));
    Operand<TFloat32> large = tf.math.sub(tf.math.mul(d, abs), tf.math.mul(half, tf.math.square(d)));
    return tf.math.mean(tf.select(tf.math.lessEqual(abs, d), small, large), tf.constant(-1));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    if (delta != 1.0) {
      c.put("delta", delta);
    }
    return c;
  }

  /** Keras's {@code from_config}. */
  public static Huber fromConfig(Map<String, Object> config) {
    Config c = readConfig("Huber", config);
    return withBaseConfig(new Huber(c.getDouble("delta", 1.0)), c);
  }
}
