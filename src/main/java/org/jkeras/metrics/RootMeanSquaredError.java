package org.jkeras.metrics;

import java.util.Map;
import org.jkeras.losses.Reduction;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code RootMeanSquaredError} ({@code "root_mean_squared_error"}): the square root of the
 * weighted mean of the squared errors over every sample seen (each sample's errors averaged first).
 */
public class RootMeanSquaredError extends MeanMetricWrapper {
  public RootMeanSquaredError() {
    this("root_mean_squared_error");
  }

  public RootMeanSquaredError(String name) {
    super(name);
  }

  @Override
  public Operand<TFloat32> values(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    Reduction.SameRank s = Reduction.squeezeOrExpand(tf, yTrue, yPred);
    return tf.math.square(tf.math.sub(s.second(), s.first()));
  }

  @Override
  public Operand<TFloat32> result(Ops tf) {
    return tf.math.sqrt(super.result(tf));
  }

  @Override
  public String direction() {
    return "down";
  }

  /** Keras's {@code from_config}. */
  public static RootMeanSquaredError fromConfig(Map<String, Object> config) {
    return withName(new RootMeanSquaredError(), readConfig("RootMeanSquaredError", config));
  }
}
