package org.jkeras.metrics;

import java.util.Map;
import org.jkeras.losses.Losses;

/**
 * Keras's metric {@code MeanAbsolutePercentageError} ({@code "mean_absolute_percentage_error"}, {@code "mape"}): the mean over every sample seen of the loss of the same name
 * ({@code losses.get("mean_absolute_percentage_error")}), weighted by the sample weights.
 */
public class MeanAbsolutePercentageError extends MeanMetricWrapper {
  public MeanAbsolutePercentageError() {
    this("mean_absolute_percentage_error");
  }

  public MeanAbsolutePercentageError(String name) {
    super(name, Losses.get("mean_absolute_percentage_error"));
  }

  /** Keras's {@code from_config}. */
  public static MeanAbsolutePercentageError fromConfig(Map<String, Object> config) {
    return withName(new MeanAbsolutePercentageError(), readConfig("MeanAbsolutePercentageError", config));
  }
}
