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
}
