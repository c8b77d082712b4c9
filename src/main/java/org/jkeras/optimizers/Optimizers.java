package org.jkeras.optimizers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jkeras.optimizers.schedules.LearningRateSchedule;

/** {@code keras.optimizers.get}: an optimizer with Keras's defaults from its name. */
public final class Optimizers {
  /** The names {@link #get} knows, as Keras spells them in {@code compile(optimizer=...)}. */
  public static final List<String> NAMES = List.of("adam", "adamw", "sgd", "rmsprop", "adagrad", "nadam", "adamax",
      "adadelta", "ftrl", "lion");

  private static final Map<String, Function<Map<String, Object>, Optimizer>> CLASSES = new LinkedHashMap<>();

  static {
    CLASSES.put("Adam", Adam::fromConfig);
    CLASSES.put("AdamW", AdamW::fromConfig);
    CLASSES.put("SGD", SGD::fromConfig);
    CLASSES.put("RMSprop", RMSprop::fromConfig);
    CLASSES.put("Adagrad", Adagrad::fromConfig);
    // issue 13, optimizers
    CLASSES.put("Nadam", Nadam::fromConfig);
    CLASSES.put("Adamax", Adamax::fromConfig);
    CLASSES.put("Adadelta", Adadelta::fromConfig);
    CLASSES.put("Ftrl", Ftrl::fromConfig);
    CLASSES.put("Lion", Lion::fromConfig);
    CLASSES.put("LossScaleOptimizer", LossScaleOptimizer::fromConfig);
  }

  private Optimizers() {}

  /** An optimizer from a saved {@code {"class_name", "config"}} pair: the class's {@code fromConfig}. */
  public static Optimizer fromConfig(String className, Map<String, Object> config) {
    Function<Map<String, Object>, Optimizer> factory = CLASSES.get(className);
    if (factory == null) {
      throw new IllegalArgumentException("Could not interpret optimizer class: " + className + ". Known classes: "
          + String.join(", ", CLASSES.keySet()));
    }
    return factory.apply(config);
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
      case "nadam": return new Nadam();
      case "adamax": return new Adamax();
      case "adadelta": return new Adadelta();
      case "ftrl": return new Ftrl();
      case "lion": return new Lion();
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
      case "nadam": return new Nadam(learningRate);
      case "adamax": return new Adamax(learningRate);
      case "adadelta": return new Adadelta(learningRate);
      case "ftrl": return new Ftrl(learningRate);
      case "lion": return new Lion(learningRate);
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
      case "nadam": return new Nadam(learningRate);
      case "adamax": return new Adamax(learningRate);
      case "adadelta": return new Adadelta(learningRate);
      case "ftrl": return new Ftrl(learningRate);
      case "lion": return new Lion(learningRate);
      default: return new Adagrad(learningRate);
    }
  }

  /** Keras's default learning rate of each optimizer (0.01 for SGD, 0.001 for the others). */
  public static double defaultLearningRate(String identifier) {
    return get(identifier).learningRate();
  }
}
