package org.jkeras.metrics;

import java.util.Map;
import org.jkeras.losses.Losses;

/**
 * Keras's metric {@code Hinge} ({@code "hinge"}): the mean over every sample seen of the hinge loss
 * ({@code losses.get("hinge")}), weighted by the sample weights.
 */
public class Hinge extends MeanMetricWrapper {
  public Hinge() {
    this("hinge");
  }

  public Hinge(String name) {
    super(name, Losses.get("hinge"));
  }

  /** Keras's {@code from_config}. */
  public static Hinge fromConfig(Map<String, Object> config) {
    return withName(new Hinge(), readConfig("Hinge", config));
  }
}
