package org.jkeras.initializers;

import java.util.Map;
import org.jkeras.saving.serialization.Config;

/** Keras's {@code HeNormal} (`"he_normal"`): VarianceScaling(scale=2.0, mode="fan_in", distribution="truncated_normal"). */
public class HeNormal extends VarianceScaling {

  public HeNormal() {
    this(null);
  }

  /** @param seed fixed seed, or null to draw one from the global seed. */
  public HeNormal(Long seed) {
    super(2.0, "fan_in", "truncated_normal", seed, true);
  }

  /** Keras's {@code from_config}. */
  public static HeNormal fromConfig(Map<String, Object> config) {
    return new HeNormal(seedOf(Config.of("HeNormal", config)));
  }
}
