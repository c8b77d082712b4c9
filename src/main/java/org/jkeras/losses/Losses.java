package org.jkeras.losses;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** {@code keras.losses.get}: a loss from its Keras name. */
public final class Losses {
  private static final Map<String, Function<Map<String, Object>, Loss>> CLASSES = new LinkedHashMap<>();

  static {
    CLASSES.put("BinaryCrossentropy", BinaryCrossentropy::fromConfig);
    CLASSES.put("CategoricalCrossentropy", CategoricalCrossentropy::fromConfig);
    CLASSES.put("SparseCategoricalCrossentropy", SparseCategoricalCrossentropy::fromConfig);
    CLASSES.put("MeanSquaredError", MeanSquaredError::fromConfig);
  }

  private Losses() {}

  /** Keras's {@code losses.deserialize} of a {@code {"class_name", "config"}} pair: the class's {@code fromConfig}. */
  public static Loss fromConfig(String className, Map<String, Object> config) {
    Function<Map<String, Object>, Loss> factory = CLASSES.get(className);
    if (factory == null) {
      throw new IllegalArgumentException("Could not interpret loss class: " + className + ". Known classes: "
          + String.join(", ", CLASSES.keySet()));
    }
    return factory.apply(config);
  }

  /** The {@code from_logits=True} form of a cross-entropy loss. */
  public static Loss fromLogits(String identifier) {
    switch (identifier) {
      case "binary_crossentropy": return new BinaryCrossentropy(true);
      case "categorical_crossentropy": return new CategoricalCrossentropy(true);
      case "sparse_categorical_crossentropy": return new SparseCategoricalCrossentropy(true);
      default: throw new IllegalArgumentException("Loss `" + identifier + "` has no from_logits form.");
    }
  }

  public static Loss get(String identifier) {
    if (identifier == null) {
      throw new IllegalArgumentException("Could not interpret loss identifier: null");
    }
    switch (identifier.toLowerCase(Locale.ROOT)) {
      case "binary_crossentropy": case "bce": return new BinaryCrossentropy();
      case "categorical_crossentropy": return new CategoricalCrossentropy();
      case "sparse_categorical_crossentropy": return new SparseCategoricalCrossentropy();
      case "mean_squared_error": case "mse": return new MeanSquaredError();
      default:
        throw new IllegalArgumentException(
            "Could not interpret loss identifier: " + identifier
                + ". Expected one of binary_crossentropy, categorical_crossentropy, sparse_categorical_crossentropy, mean_squared_error.");
    }
  }
}
