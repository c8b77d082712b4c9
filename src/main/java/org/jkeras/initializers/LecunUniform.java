package org.jkeras.initializers;

import java.util.LinkedHashMap;
import java.util.Map;

/** Keras's {@code LecunUniform} (`"lecun_uniform"`): VarianceScaling(scale=1.0, mode="fan_in", distribution="uniform"). */
public class LecunUniform extends VarianceScaling {

  public LecunUniform() {
    this(null);
  }

  /** @param seed fixed seed, or null to draw one from the global seed. */
  public LecunUniform(Long seed) {
    super(1.0, "fan_in", "uniform", seed);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("seed", super.getConfig().get("seed"));
    return c;
  }
}
