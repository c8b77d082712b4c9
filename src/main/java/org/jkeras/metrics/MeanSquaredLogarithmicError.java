package org.jkeras.metrics;

import java.util.Map;
import org.jkeras.losses.Losses;

/**
 * Keras's metric {@code MeanSquaredLogarithmicError} ({@code "mean_squared_logarithmic_error"}, {@code "msle"}): the mean over every sample seen of the loss of the same name
 * ({@code losses.get("mean_squared_logarithmic_error")}), weighted by the sample weights.
 */
public class MeanSquaredLogarithmicError extends MeanMetricWrapper {
  public MeanSquaredLogarithmicError() {
    this("mean_squared_logarithmic_error");
  }

  public MeanSquaredLogarithmicError(String name) {
    super(name, Losses.get("mean_squared_logarithmic_error"));
  }

  /** Keras's {@code from_config}. */
  public static MeanSquaredLogarithmicError fromConfig(Map<String, Object> config) {
    return withName(new MeanSquaredLogarithmicError(), readConfig("MeanSquaredLogarithmicError", config));
  }
}
