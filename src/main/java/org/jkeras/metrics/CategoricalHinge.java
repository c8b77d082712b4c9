package org.jkeras.metrics;

import java.util.Map;
import org.jkeras.losses.Losses;

/**
 * Keras's metric {@code CategoricalHinge} ({@code "categorical_hinge"}): the mean over every sample seen of the categorical hinge loss
 * ({@code losses.get("categorical_hinge")}), weighted by the sample weights.
 */
public class CategoricalHinge extends MeanMetricWrapper {
  public CategoricalHinge() {
    this("categorical_hinge");
  }

  public CategoricalHinge(String name) {
    super(name, Losses.get("categorical_hinge"));
  }

  /** Keras's {@code from_config}. */
  public static CategoricalHinge fromConfig(Map<String, Object> config) {
    return withName(new CategoricalHinge(), readConfig("CategoricalHinge", config));
  }
}
