package org.jkeras.optimizers;

import java.util.Locale;

/** {@code keras.optimizers.get}: an optimizer with Keras's defaults from its name. */
public final class Optimizers {
  private Optimizers() {}

  /** An optimizer from a saved {@code {"class_name", "config"}} pair. */
  public static Optimizer fromConfig(String className, java.util.Map<String, Object> config) {
    double lr = number(config, "learning_rate", Double.NaN);
    switch (className) {
      case "Adam":
        return new Adam(lr, number(config, "beta_1", 0.9), number(config, "beta_2", 0.999), number(config, "epsilon", 1e-7));
      case "SGD":
        return new SGD(lr, number(config, "momentum", 0), Boolean.TRUE.equals(config.get("nesterov")));
      case "RMSprop":
        return new RMSprop(lr, number(config, "rho", 0.9), number(config, "momentum", 0), number(config, "epsilon", 1e-7),
            Boolean.TRUE.equals(config.get("centered")));
      default:
        throw new IllegalArgumentException("Could not interpret optimizer class: " + className);
    }
  }

  private static double number(java.util.Map<String, Object> c, String key, double fallback) {
    Object v = c.get(key);
    return v == null ? fallback : ((Number) v).doubleValue();
  }

  public static Optimizer get(String identifier) {
    if (identifier == null) {
      throw new IllegalArgumentException("Could not interpret optimizer identifier: null");
    }
    switch (identifier.toLowerCase(Locale.ROOT)) {
      case "adam": return new Adam();
      case "sgd": return new SGD();
      case "rmsprop": return new RMSprop();
      default:
        throw new IllegalArgumentException(
            "Could not interpret optimizer identifier: " + identifier + ". Expected one of adam, sgd, rmsprop.");
    }
  }
}
