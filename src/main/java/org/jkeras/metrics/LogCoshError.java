package org.jkeras.metrics;

import java.util.Map;
import org.jkeras.losses.Losses;

/**
 * Keras's metric {@code LogCoshError} ({@code "log_cosh_error"}): the mean over every sample seen of the log-cosh loss
 * ({@code losses.get("log_cosh")}), weighted by the sample weights. Named {@code logcosh}, as Keras names it.
 */
public class LogCoshError extends MeanMetricWrapper {
  public LogCoshError() {
    this("logcosh");
  }

  public LogCoshError(String name) {
    super(name, Losses.get("log_cosh"));
  }

  /** Keras's {@code from_config}. */
  public static LogCoshError fromConfig(Map<String, Object> config) {
    return withName(new LogCoshError(), readConfig("LogCoshError", config));
  }
}
