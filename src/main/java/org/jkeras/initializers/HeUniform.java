package org.jkeras.initializers;

import java.util.LinkedHashMap;
import java.util.Map;

/** Keras's {@code HeUniform} (`"he_uniform"`): VarianceScaling(scale=2.0, mode="fan_in", distribution="uniform"). */
public class HeUniform extends VarianceScaling {

  public HeUniform() {
    this(null);
  }

  /** @param seed fixed seed, or null to draw one from the global seed. */
  public HeUniform(Long seed) {
    super(2.0, "fan_in", "uniform", seed);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("seed", super.getConfig().get("seed"));
    return c;
  }
}
