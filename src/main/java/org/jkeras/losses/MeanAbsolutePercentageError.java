package org.jkeras.losses;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code MeanAbsolutePercentageError()} ({@code "mean_absolute_percentage_error"}, {@code
 * "mape"}): {@code 100 * mean(abs((t - p) / max(abs(t), 1e-7)), axis=-1)}.
 */
public class MeanAbsolutePercentageError extends Loss {
  public MeanAbsolutePercentageError() {
    super("mean_absolute_percentage_error");
  }

  @Override
  public Operand<TFloat32> call(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    Reduction.SameRank s = sameRank(tf, yTrue, yPred);
    Operand<TFloat32> t = s.first();
    Operand<TFloat32> diff = tf.math.abs(tf.math.div(tf.math.sub(t, s.second()),
        tf.math.maximum(tf.math.abs(t), tf.constant(BinaryCrossentropy.EPSILON))));
    return tf.math.mul(tf.constant(100f), tf.math.mean(diff, tf.constant(-1)));
  }

  /** Keras's {@code from_config}. */
  public static MeanAbsolutePercentageError fromConfig(Map<String, Object> config) {
    return withBaseConfig(new MeanAbsolutePercentageError(), readConfig("MeanAbsolutePercentageError", config));
  }
}
