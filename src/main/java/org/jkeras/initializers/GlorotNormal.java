package org.jkeras.initializers;

import java.util.Map;
import org.jkeras.saving.serialization.Config;

/** Keras's {@code GlorotNormal} (`"glorot_normal"`): VarianceScaling(scale=1.0, mode="fan_avg", distribution="truncated_normal"). */
public class GlorotNormal extends VarianceScaling {

  public GlorotNormal() {
    this(null);
  }

  /** @param seed fixed seed, or null to draw one from the global seed. */
  public GlorotNormal(Long seed) {
    super(1.0, "fan_avg", "truncated_normal", seed, true);
  }

  /** Keras's {@code from_config}. */
  public static GlorotNormal fromConfig(Map<String, Object> config) {
    return new GlorotNormal(seedOf(Config.of("GlorotNormal", config)));
  }
}
