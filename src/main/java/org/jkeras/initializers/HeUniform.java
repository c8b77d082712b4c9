package org.jkeras.initializers;

import java.util.Map;
import org.jkeras.saving.serialization.Config;

/** Keras's {@code HeUniform} (`"he_uniform"`): VarianceScaling(scale=2.0, mode="fan_in", distribution="uniform"). */
public class HeUniform extends VarianceScaling {

  public HeUniform() {
    this(null);
  }

  /** @param seed fixed seed, or null to draw one from the global seed. */
  public HeUniform(Long seed) {
    super(2.0, "fan_in", "uniform", seed, true);
  }

  /** Keras's {@code from_config}. */
  public static HeUniform fromConfig(Map<String, Object> config) {
    return new HeUniform(seedOf(Config.of("HeUniform", config)));
  }
}
