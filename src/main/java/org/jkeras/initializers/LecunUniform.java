package org.jkeras.initializers;

import java.util.Map;
import org.jkeras.saving.serialization.Config;

/** Keras's {@code LecunUniform} (`"lecun_uniform"`): VarianceScaling(scale=1.0, mode="fan_in", distribution="uniform"). */
public class LecunUniform extends VarianceScaling {

  public LecunUniform() {
    this(null);
  }

  /** @param seed fixed seed, or null to draw one from the global seed. */
  public LecunUniform(Long seed) {
    super(1.0, "fan_in", "uniform", seed, true);
  }

  /** Keras's {@code from_config}. */
  public static LecunUniform fromConfig(Map<String, Object> config) {
    return new LecunUniform(seedOf(Config.of("LecunUniform", config)));
  }
}
