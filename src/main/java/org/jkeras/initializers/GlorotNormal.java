package org.jkeras.initializers;

import java.util.LinkedHashMap;
import java.util.Map;

/** Keras's {@code GlorotNormal} (`"glorot_normal"`): VarianceScaling(scale=1.0, mode="fan_avg", distribution="truncated_normal"). */
public class GlorotNormal extends VarianceScaling {

  public GlorotNormal() {
    this(null);
  }

  /** @param seed fixed seed, or null to draw one from the global seed. */
  public GlorotNormal(Long seed) {
    super(1.0, "fan_avg", "truncated_normal", seed);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("seed", super.getConfig().get("seed"));
    return c;
  }
}
