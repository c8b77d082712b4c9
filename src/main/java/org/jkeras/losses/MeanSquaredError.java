package org.jkeras.losses;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras's {@code MeanSquaredError()} ({@code "mean_squared_error"}, {@code "mse"}): {@code mean(square(t - p), axis=-1)}. */
public class MeanSquaredError extends Loss {
  public MeanSquaredError() {
    super("mean_squared_error");
  }

  @Override
  public Operand<TFloat32> call(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    Reduction.SameRank s = sameRank(tf, yTrue, yPred);
    return tf.math.mean(tf.math.square(tf.math.sub(s.first(), s.second())), tf.constant(-1));
  }

  /** Keras's {@code from_config}. */
  public static MeanSquaredError fromConfig(Map<String, Object> config) {
    return withBaseConfig(new MeanSquaredError(), readConfig("MeanSquaredError", config));
  }
}
