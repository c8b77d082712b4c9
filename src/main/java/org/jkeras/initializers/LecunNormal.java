package org.jkeras.initializers;

import java.util.LinkedHashMap;
import java.util.Map;

/** Keras's {@code LecunNormal} (`"lecun_normal"`): VarianceScaling(scale=1.0, mode="fan_in", distribution="truncated_normal"). */
public class LecunNormal extends VarianceScaling {

  public LecunNormal() {
    this(null);
  }

  /** @param seed fixed seed, or null to draw one from the global seed. */
  public LecunNormal(Long seed) {
    super(1.0, "fan_in", "truncated_normal", seed);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("seed", super.getConfig().get("seed"));
    return c;
  }
}
