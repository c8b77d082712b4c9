package org.jkeras.backend;

import java.util.HashMap;
import java.util.Map;
import org.jkeras.dtypepolicies.DTypePolicy;
import org.jkeras.dtypepolicies.MixedPrecision;

/**
 * Keras's automatic names: the first {@code Dense} is {@code dense}, the next {@code dense_1}, and
 * so on, per process, until {@link #clearSession()} (like {@code keras.backend.clear_session()}).
 */
public final class Names {
  private static final Map<String, Integer> COUNTS = new HashMap<>();

  private Names() {}

  /** The next unique name for a prefix: {@code prefix}, then {@code prefix_1}, {@code prefix_2}... */
  public static synchronized String unique(String prefix) {
    int n = COUNTS.getOrDefault(prefix, 0);
    COUNTS.put(prefix, n + 1);
    return n == 0 ? prefix : prefix + "_" + n;
  }

  /**
   * Keras's {@code clear_session()}: resets the name counters, and the global dtype policy to
   * float32 (Keras's clear_session resets all its global state).
   */
  public static synchronized void clearSession() {
    COUNTS.clear();
    MixedPrecision.setGlobalPolicy((DTypePolicy) null);
  }

  /** {@code MaxPooling2D} to {@code max_pooling2d}, as Keras's {@code to_snake_case}. */
  public static String snakeCase(String className) {
    String s = className.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
    s = s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase();
    return s;
  }
}
