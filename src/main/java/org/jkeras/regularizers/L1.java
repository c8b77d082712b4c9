package org.jkeras.regularizers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.saving.serialization.Config;

/** Keras's {@code L1(l1=0.01)}: {@code l1 * sum(|x|)}. */
public class L1 extends L1L2 {
  public L1() {
    this(0.01);
  }

  public L1(double l1) {
    super(l1, 0.0);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("l1", l1);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static L1 fromConfig(Map<String, Object> config) {
    return new L1(Config.of("L1", config).getDouble("l1", 0.01));
  }
}
