package org.jkeras.metrics;

import java.util.Map;
import org.jkeras.losses.Losses;

/**
 * Keras's metric {@code KLDivergence} ({@code "kl_divergence"}): the mean over every sample seen of the Kullback-Leibler divergence loss
 * ({@code losses.get("kl_divergence")}), weighted by the sample weights.
 */
public class KLDivergence extends MeanMetricWrapper {
  public KLDivergence() {
    this("kl_divergence");
  }

  public KLDivergence(String name) {
    super(name, Losses.get("kl_divergence"));
  }

  /** Keras's {@code from_config}. */
  public static KLDivergence fromConfig(Map<String, Object> config) {
    return withName(new KLDivergence(), readConfig("KLDivergence", config));
  }
}
