package org.jkeras.losses;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code LogCosh()} ({@code "log_cosh"}): {@code mean(log(cosh(p - t)), axis=-1)}, computed
 * as Keras does, {@code x + softplus(-2x) - log(2)}, which does not overflow for large errors.
 */
public class LogCosh extends Loss {
  public LogCosh() {
    super("log_cosh");
  }

  @Override
  public Operand<TFloat32> call(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    Reduction.SameRank s = sameRank(tf, yTrue, yPred);
    Operand<TFloat32> x = tf.math.sub(s.second(), s.first());
    Operand<TFloat32> logCosh = tf.math.sub(tf.math.add(x, tf.math.softplus(tf.math.mul(x, tf.constant(-2f)))),
        tf.math.log(tf.constant(2f)));
    return tf.math.mean(logCosh, tf.constant(-1));
  }

  /** Keras's {@code from_config}. */
  public static LogCosh fromConfig(Map<String, Object> config) {
    return withBaseConfig(new LogCosh(), readConfig("LogCosh", config));
  }
}
