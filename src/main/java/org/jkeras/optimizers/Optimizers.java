package org.jkeras.optimizers;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jkeras.optimizers.schedules.LearningRateSchedule;
import org.jkeras.optimizers.schedules.Schedules;

/** {@code keras.optimizers.get}: an optimizer with Keras's defaults from its name. */
public final class Optimizers {
  /** The names {@link #get} knows, as Keras spells them in {@code compile(optimizer=...)}. */
  public static final List<String> NAMES = List.of("adam", "adamw", "sgd", "rmsprop", "adagrad");

  private Optimizers() {}

  /** An optimizer from a saved {@code {"class_name", "config"}} pair. */
  @SuppressWarnings("unchecked")
  public static Optimizer fromConfig(String className, Map<String, Object> config) {
    // Keras options this port does not implement: refuse them rather than train differently.
    for (String unsupported : List.of("amsgrad", "use_ema")) {
      if (Boolean.TRUE.equals(config.get(unsupported))) {
        throw new IllegalArgumentException(
            "Optimizer option `" + unsupported + "` is not supported by jkeras. Received: " + unsupported + "=True");
      }
    }
    for (String unsupported : List.of("loss_scale_factor", "gradient_accumulation_steps", "ema_overwrite_frequency")) {
      if (config.get(unsupported) != null) {
        throw new IllegalArgumentException("Optimizer option `" + unsupported + "` is not supported by jkeras. Received: "
            + unsupported + "=" + config.get(unsupported));
      }
    }
    Object lrValue = config.get("learning_rate");
    LearningRateSchedule schedule = lrValue instanceof Map ? Schedules.deserialize((Map<String, Object>) lrValue) : null;
    double lr = lrValue instanceof Number ? ((Number) lrValue).doubleValue() : Double.NaN;
    Optimizer o;
    switch (className) {
      case "Adam":
        o = schedule != null
            ? new Adam(schedule, number(config, "beta_1", 0.9), number(config, "beta_2", 0.999), number(config, "epsilon", 1e-7))
            : new Adam(lr, number(config, "beta_1", 0.9), number(config, "beta_2", 0.999), number(config, "epsilon", 1e-7));
        break;
      case "AdamW": {
        double wd = number(config, "weight_decay", 0.004);
        o = schedule != null
            ? new AdamW(schedule, wd, number(config, "beta_1", 0.9), number(config, "beta_2", 0.999), number(config, "epsilon", 1e-7))
            : new AdamW(lr, wd, number(config, "beta_1", 0.9), number(config, "beta_2", 0.999), number(config, "epsilon", 1e-7));
        break;
      }
      case "SGD":
        o = schedule != null
            ? new SGD(schedule, number(config, "momentum", 0), Boolean.TRUE.equals(config.get("nesterov")))
            : new SGD(lr, number(config, "momentum", 0), Boolean.TRUE.equals(config.get("nesterov")));
        break;
      case "RMSprop":
        o = schedule != null
            ? new RMSprop(schedule, number(config, "rho", 0.9), number(config, "momentum", 0), number(config, "epsilon", 1e-7),
                Boolean.TRUE.equals(config.get("centered")))
            : new RMSprop(lr, number(config, "rho", 0.9), number(config, "momentum", 0), number(config, "epsilon", 1e-7),
                Boolean.TRUE.equals(config.get("centered")));
        break;
      case "Adagrad":
        o = schedule != null
            ? new Adagrad(schedule, number(config, "initial_accumulator_value", 0.1), number(config, "epsilon", 1e-7))
            : new Adagrad(lr, number(config, "initial_accumulator_value", 0.1), number(config, "epsilon", 1e-7));
        break;
      default:
        throw new IllegalArgumentException("Could not interpret optimizer class: " + className);
    }
    if (config.get("weight_decay") != null && !(o instanceof AdamW)) {
      o.weightDecay(number(config, "weight_decay", 0));
    }
    if (config.get("clipnorm") != null) {
      o.clipnorm(number(config, "clipnorm", 0));
    }
    if (config.get("clipvalue") != null) {
      o.clipvalue(number(config, "clipvalue", 0));
    }
    if (config.get("global_clipnorm") != null) {
      o.globalClipnorm(number(config, "global_clipnorm", 0));
    }
    return o;
  }

  private static double number(Map<String, Object> c, String key, double fallback) {
    Object v = c.get(key);
    return v == null ? fallback : ((Number) v).doubleValue();
  }

  /** {@code keras.optimizers.get("adam")}: a new optimizer with Keras's defaults. */
  public static Optimizer get(String identifier) {
    if (identifier == null) {
      throw new IllegalArgumentException("Could not interpret optimizer identifier: null");
    }
    switch (identifier.toLowerCase(Locale.ROOT)) {
      case "adam": return new Adam();
      case "adamw": return new AdamW();
      case "sgd": return new SGD();
      case "rmsprop": return new RMSprop();
      case "adagrad": return new Adagrad();
      default:
        throw new IllegalArgumentException(
            "Could not interpret optimizer identifier: " + identifier + ". Expected one of " + String.join(", ", NAMES) + ".");
    }
  }

  /** {@link #get} with a learning rate (a number or a schedule) instead of the default. */
  public static Optimizer get(String identifier, double learningRate) {
    get(identifier); // the name is checked first, so its error comes before any about the rate
    switch (identifier.toLowerCase(Locale.ROOT)) {
      case "adam": return new Adam(learningRate);
      case "adamw": return new AdamW(learningRate);
      case "sgd": return new SGD(learningRate);
      case "rmsprop": return new RMSprop(learningRate);
      default: return new Adagrad(learningRate);
    }
  }

  public static Optimizer get(String identifier, LearningRateSchedule learningRate) {
    get(identifier);
    switch (identifier.toLowerCase(Locale.ROOT)) {
      case "adam": return new Adam(learningRate);
      case "adamw": return new AdamW(learningRate);
      case "sgd": return new SGD(learningRate);
      case "rmsprop": return new RMSprop(learningRate);
      default: return new Adagrad(learningRate);
    }
  }

  /** Keras's default learning rate of each optimizer (0.01 for SGD, 0.001 for the others). */
  public static double defaultLearningRate(String identifier) {
    return get(identifier).learningRate();
  }
}
