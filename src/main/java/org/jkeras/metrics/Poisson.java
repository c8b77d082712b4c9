package org.jkeras.metrics;

import java.util.Map;
import org.jkeras.losses.Losses;

/**
 * Keras's metric {@code Poisson} ({@code "poisson"}): the mean over every sample seen of the Poisson loss
 * ({@code losses.get("poisson")}), weighted by the sample weights.
 */
public class Poisson extends MeanMetricWrapper {
  public Poisson() {
    this("poisson");
  }

  public Poisson(String name) {
    super(name, Losses.get("poisson"));
  }

  /** Keras's {@code from_config}. */
  public static Poisson fromConfig(Map<String, Object> config) {
    return withName(new Poisson(), readConfig("Poisson", config));
  }
}
