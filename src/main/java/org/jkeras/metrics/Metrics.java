package org.jkeras.metrics;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jkeras.losses.BinaryCrossentropy;
import org.jkeras.losses.CategoricalCrossentropy;
import org.jkeras.losses.Loss;
import org.jkeras.losses.SparseCategoricalCrossentropy;
import org.tensorflow.ndarray.Shape;

/**
 * {@code keras.metrics.get}, plus the resolution Keras's compile does for {@code "accuracy"}: binary
 * accuracy for a one-unit output or a binary cross-entropy loss, sparse categorical for a sparse
 * loss, categorical otherwise.
 */
public final class Metrics {
  private static final Map<String, Function<Map<String, Object>, Metric>> CLASSES = new LinkedHashMap<>();

  static {
    CLASSES.put("BinaryAccuracy", BinaryAccuracy::fromConfig);
    CLASSES.put("CategoricalAccuracy", CategoricalAccuracy::fromConfig);
    CLASSES.put("SparseCategoricalAccuracy", SparseCategoricalAccuracy::fromConfig);
  }

  private Metrics() {}

  /** Keras's {@code metrics.deserialize} of a {@code {"class_name", "config"}} pair: the class's {@code fromConfig}. */
  public static Metric fromConfig(String className, Map<String, Object> config) {
    Function<Map<String, Object>, Metric> factory = CLASSES.get(className);
    if (factory == null) {
      throw new IllegalArgumentException("Could not interpret metric class: " + className + ". Known classes: "
          + String.join(", ", CLASSES.keySet()));
    }
    return factory.apply(config);
  }

  public static Metric get(String identifier, Loss loss, Shape outputShape) {
    if (identifier == null) {
      throw new IllegalArgumentException("Could not interpret metric identifier: null");
    }
    String id = identifier.toLowerCase(Locale.ROOT);
    switch (id) {
      case "accuracy": case "acc": {
        long units = outputShape.get(outputShape.numDimensions() - 1);
        if (loss instanceof BinaryCrossentropy || units == 1) {
          return new BinaryAccuracy(identifier, 0.5f);
        }
        if (loss instanceof SparseCategoricalCrossentropy) {
          return new SparseCategoricalAccuracy(identifier);
        }
        if (loss instanceof CategoricalCrossentropy) {
          return new CategoricalAccuracy(identifier);
        }
        return new CategoricalAccuracy(identifier);
      }
      case "binary_accuracy": return new BinaryAccuracy();
      case "categorical_accuracy": return new CategoricalAccuracy();
      case "sparse_categorical_accuracy": return new SparseCategoricalAccuracy();
      default:
        throw new IllegalArgumentException(
            "Could not interpret metric identifier: " + identifier
                + ". Expected one of accuracy, binary_accuracy, categorical_accuracy, sparse_categorical_accuracy.");
    }
  }
}
