package org.jkeras.initializers;

import java.util.LinkedHashMap;
import java.util.Map;

/** Keras's {@code HeNormal} (`"he_normal"`): VarianceScaling(scale=2.0, mode="fan_in", distribution="truncated_normal"). */
public class HeNormal extends VarianceScaling {

  public HeNormal() {
    this(null);
  }

  /** @param seed fixed seed, or null to draw one from the global seed. */
  public HeNormal(Long seed) {
    super(2.0, "fan_in", "truncated_normal", seed);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("seed", super.getConfig().get("seed"));
    return c;
  }
}
