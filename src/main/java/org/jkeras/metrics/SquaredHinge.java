package org.jkeras.metrics;

import java.util.Map;
import org.jkeras.losses.Losses;

/**
 * Keras's metric {@code SquaredHinge} ({@code "squared_hinge"}): the mean over every sample seen of the squared hinge loss
 * ({@code losses.get("squared_hinge")}), weighted by the sample weights.
 */
public class SquaredHinge extends MeanMetricWrapper {
  public SquaredHinge() {
    this("squared_hinge");
  }

  public SquaredHinge(String name) {
    super(name, Losses.get("squared_hinge"));
  }

  /** Keras's {@code from_config}. */
  public static SquaredHinge fromConfig(Map<String, Object> config) {
    return withName(new SquaredHinge(), readConfig("SquaredHinge", config));
  }
}
