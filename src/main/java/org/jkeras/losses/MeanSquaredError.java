package org.jkeras.losses;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras's {@code MeanSquaredError()} ({@code "mean_squared_error"}, {@code "mse"}). */
public class MeanSquaredError extends Loss {
  public MeanSquaredError() {
    super("mean_squared_error");
  }

  @Override
  public Operand<TFloat32> call(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    Operand<TFloat32> t = matchRank(tf, yTrue, yPred);
    return tf.math.mean(tf.math.squaredDifference(yPred, t), tf.constant(-1));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name());
    c.put("reduction", REDUCTION);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static MeanSquaredError fromConfig(Map<String, Object> config) {
    readConfig("MeanSquaredError", config);
    return new MeanSquaredError();
  }
}
