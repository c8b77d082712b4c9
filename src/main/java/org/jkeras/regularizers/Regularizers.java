package org.jkeras.regularizers;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.jkeras.saving.serialization.Config;

/**
 * {@code keras.regularizers}: the factory functions ({@code l1}, {@code l2}, {@code l1_l2}) and
 * {@code get} for string names ({@code "l1"}, {@code "l2"}, {@code "l1_l2"}, default factor 0.01).
 */
public final class Regularizers {
  private static final Map<String, Function<Map<String, Object>, Regularizer>> CLASSES = new LinkedHashMap<>();

  static {
    CLASSES.put("L1", L1::fromConfig);
    CLASSES.put("L2", L2::fromConfig);
    CLASSES.put("L1L2", L1L2::fromConfig);
  }

  private Regularizers() {}

  /** Keras's {@code regularizers.serialize}: {@code {"module": "keras.regularizers", "class_name", "config", "registered_name"}}; null stays null. */
  public static Map<String, Object> serialize(Regularizer regularizer) {
    return regularizer == null ? null : Config.serialize("keras.regularizers", regularizer.className(), regularizer.getConfig());
  }

  /** Keras's {@code regularizers.deserialize}/{@code get} for a config value: null, a name or a serialized regularizer. */
  @SuppressWarnings("unchecked")
  public static Regularizer deserialize(Object serialized) {
    if (serialized == null || serialized instanceof String) {
      return get((String) serialized);
    }
    if (!(serialized instanceof Map)) {
      throw new IllegalArgumentException("Could not interpret regularizer: expected a name or a serialized regularizer."
          + " Received: " + serialized);
    }
    Map<String, Object> m = (Map<String, Object>) serialized;
    Function<Map<String, Object>, Regularizer> factory = CLASSES.get(m.get("class_name"));
    if (factory == null) {
      throw new IllegalArgumentException("Could not interpret regularizer class: " + m.get("class_name") + ". Known classes: "
          + new TreeSet<>(CLASSES.keySet()));
    }
    Object config = m.get("config");
    return factory.apply(config == null ? Map.of() : (Map<String, Object>) config);
  }

  public static L1 l1(double l1) {
    return new L1(l1);
  }

  public static L2 l2(double l2) {
    return new L2(l2);
  }

  public static L1L2 l1L2(double l1, double l2) {
    return new L1L2(l1, l2);
  }

  /** Keras 3's {@code keras.regularizers.l1_l2()}, an alias of {@code L1L2()}: both factors 0.0. */
  public static L1L2 l1L2() {
    return new L1L2(0.0, 0.0);
  }

  /**
   * {@code keras.regularizers.get}: {@code "l1"} and {@code "l2"} give a factor of 0.01, as Keras;
   * {@code "l1_l2"} gives l1=0.01 and l2=0.01, as Keras's {@code L1L2} documentation states (Keras
   * 3.15's {@code get} itself rejects that string); the class names {@code "L1L2"}/{@code "l1l2"}
   * give {@code L1L2()} with both factors 0.0, as Keras 3.
   */
  public static Regularizer get(String identifier) {
    if (identifier == null) {
      return null;
    }
    switch (identifier.toLowerCase(Locale.ROOT)) {
      case "l1": return new L1();
      case "l2": return new L2();
      case "l1_l2": return new L1L2(0.01, 0.01);
      case "l1l2": return l1L2();
      default:
        throw new IllegalArgumentException(
            "Could not interpret regularizer identifier: " + identifier + ". Expected one of l1, l2, l1_l2.");
    }
  }

  static void validateFactor(String name, double value) {
    if (!Double.isFinite(value) || value < 0) {
      throw new IllegalArgumentException(
          "Invalid value for argument " + name + ": expected a non-negative float. Received: " + name + "=" + value);
    }
  }
}
