package org.jkeras.initializers;

import java.util.Map;
import org.jkeras.saving.serialization.Config;

/** Keras's {@code LecunNormal} (`"lecun_normal"`): VarianceScaling(scale=1.0, mode="fan_in", distribution="truncated_normal"). */
public class LecunNormal extends VarianceScaling {

  public LecunNormal() {
    this(null);
  }

  /** @param seed fixed seed, or null to draw one from the global seed. */
  public LecunNormal(Long seed) {
    super(1.0, "fan_in", "truncated_normal", seed, true);
  }

  /** Keras's {@code from_config}. */
  public static LecunNormal fromConfig(Map<String, Object> config) {
    return new LecunNormal(seedOf(Config.of("LecunNormal", config)));
  }
}
