package org.jkeras.metrics;

import java.util.Map;
import org.jkeras.losses.Losses;

/**
 * Keras's metric {@code MeanSquaredError} ({@code "mean_squared_error"}, {@code "mse"}): the mean over every sample seen of {@code mean(square(t - p), axis=-1)}
 * ({@code losses.get("mean_squared_error")}), weighted by the sample weights.
 */
public class MeanSquaredError extends MeanMetricWrapper {
  public MeanSquaredError() {
    this("mean_squared_error");
  }

  public MeanSquaredError(String name) {
    super(name, Losses.get("mean_squared_error"));
  }

  /** Keras's {@code from_config}. */
  public static MeanSquaredError fromConfig(Map<String, Object> config) {
    return withName(new MeanSquaredError(), readConfig("MeanSquaredError", config));
  }
}
