package org.jkeras.initializers;

import java.util.Map;

/** Keras's {@code Zeros} ({@code "zeros"}). */
public class Zeros extends Constant {
  public Zeros() {
    super(0f);
  }

  @Override
  public Map<String, Object> getConfig() {
    return Map.of();
  }

  /** Keras's {@code from_config} (an empty config). */
  public static Zeros fromConfig(Map<String, Object> config) {
    return new Zeros();
  }
}
