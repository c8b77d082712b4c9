package org.jkeras.initializers;

import java.util.LinkedHashMap;
import java.util.Map;

/** Keras's {@code GlorotUniform} (`"glorot_uniform"`): VarianceScaling(scale=1.0, mode="fan_avg", distribution="uniform"). */
public class GlorotUniform extends VarianceScaling {

  public GlorotUniform() {
    this(null);
  }

  /** @param seed fixed seed, or null to draw one from the global seed. */
  public GlorotUniform(Long seed) {
    super(1.0, "fan_avg", "uniform", seed);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("seed", super.getConfig().get("seed"));
    return c;
  }
}
