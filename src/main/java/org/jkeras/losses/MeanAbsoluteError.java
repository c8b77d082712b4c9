package org.jkeras.losses;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras's {@code MeanAbsoluteError()} ({@code "mean_absolute_error"}, {@code "mae"}): {@code mean(abs(t - p), axis=-1)}. */
public class MeanAbsoluteError extends Loss {
  public MeanAbsoluteError() {
    super("mean_absolute_error");
  }

  @Override
  public Operand<TFloat32> call(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    Reduction.SameRank s = sameRank(tf, yTrue, yPred);
    return tf.math.mean(tf.math.abs(tf.math.sub(s.first(), s.second())), tf.constant(-1));
  }

  /** Keras's {@code from_config}. */
  public static MeanAbsoluteError fromConfig(Map<String, Object> config) {
    return withBaseConfig(new MeanAbsoluteError(), readConfig("MeanAbsoluteError", config));
  }
}
