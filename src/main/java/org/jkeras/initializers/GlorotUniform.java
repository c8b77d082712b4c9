package org.jkeras.initializers;

import java.util.Map;
import org.jkeras.saving.serialization.Config;

/** Keras's {@code GlorotUniform} (`"glorot_uniform"`): VarianceScaling(scale=1.0, mode="fan_avg", distribution="uniform"). */
public class GlorotUniform extends VarianceScaling {

  public GlorotUniform() {
    this(null);
  }

  /** @param seed fixed seed, or null to draw one from the global seed. */
  public GlorotUniform(Long seed) {
    super(1.0, "fan_avg", "uniform", seed, true);
  }

  /** Keras's {@code from_config}. */
  public static GlorotUniform fromConfig(Map<String, Object> config) {
    return new GlorotUniform(seedOf(Config.of("GlorotUniform", config)));
  }
}
