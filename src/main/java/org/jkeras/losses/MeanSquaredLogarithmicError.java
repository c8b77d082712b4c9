package org.jkeras.losses;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code MeanSquaredLogarithmicError()} ({@code "mean_squared_logarithmic_error"}, {@code
 * "msle"}): {@code mean(square(log(max(p, 1e-7) + 1) - log(max(t, 1e-7) + 1)), axis=-1)}.
 */
public class MeanSquaredLogarithmicError extends Loss {
  public MeanSquaredLogarithmicError() {
    super("mean_squared_logarithmic_error");
  }

  @Override
  public Operand<TFloat32> call(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    Reduction.SameRank s = sameRank(tf, yTrue, yPred);
    Operand<TFloat32> first = logOnePlus(tf, s.second());
    Operand<TFloat32> second = logOnePlus(tf, s.first());
    return tf.math.mean(tf.math.square(tf.math.sub(first, second)), tf.constant(-1));
  }

  /** {@code log(max(x, 1e-7) + 1)}, written as Keras writes it (not log1p). */
  private static Operand<TFloat32> logOnePlus(Ops tf, Operand<TFloat32> x) {
    return tf.math.log(tf.math.add(tf.math.maximum(x, tf.constant(BinaryCrossentropy.EPSILON)), tf.constant(1f)));
  }

  /** Keras's {@code from_config}. */
  public static MeanSquaredLogarithmicError fromConfig(Map<String, Object> config) {
    return withBaseConfig(new MeanSquaredLogarithmicError(), readConfig("MeanSquaredLogarithmicError", config));
  }
}
