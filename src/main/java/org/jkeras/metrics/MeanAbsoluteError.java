package org.jkeras.metrics;

import java.util.Map;
import org.jkeras.losses.Losses;

/**
 * Keras's metric {@code MeanAbsoluteError} ({@code "mean_absolute_error"}, {@code "mae"}): the mean over every sample seen of {@code mean(abs(t - p), axis=-1)}
 * ({@code losses.get("mean_absolute_error")}), weighted by the sample weights.
 */
public class MeanAbsoluteError extends MeanMetricWrapper {
  public MeanAbsoluteError() {
    this("mean_absolute_error");
  }

  public MeanAbsoluteError(String name) {
    super(name, Losses.get("mean_absolute_error"));
  }

  /** Keras's {@code from_config}. */
  public static MeanAbsoluteError fromConfig(Map<String, Object> config) {
    return withName(new MeanAbsoluteError(), readConfig("MeanAbsoluteError", config));
  }
}
