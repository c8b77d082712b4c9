package org.jkeras.regularizers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.saving.serialization.Config;

/** Keras's {@code L2(l2=0.01)}: {@code l2 * sum(x^2)}, one term per weight, summed into the loss. */
public class L2 extends L1L2 {
  public L2() {
    this(0.01);
  }

  public L2(double l2) {
    super(0.0, l2);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("l2", l2);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static L2 fromConfig(Map<String, Object> config) {
    return new L2(Config.of("L2", config).getDouble("l2", 0.01));
  }
}
