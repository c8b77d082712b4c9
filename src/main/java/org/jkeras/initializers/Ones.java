package org.jkeras.initializers;

import java.util.Map;

/** Keras's {@code Ones} ({@code "ones"}). */
public class Ones extends Constant {
  public Ones() {
    super(1f);
  }

  @Override
  public Map<String, Object> getConfig() {
    return Map.of();
  }

  /** Keras's {@code from_config} (an empty config). */
  public static Ones fromConfig(Map<String, Object> config) {
    return new Ones();
  }
}
