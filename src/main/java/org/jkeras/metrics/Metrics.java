package org.jkeras.metrics;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jkeras.backend.Names;
import org.jkeras.losses.Loss;
import org.tensorflow.ndarray.Shape;

/**
 * {@code keras.metrics.get} and {@code keras.metrics.deserialize}, plus what Keras's compile does
 * with a name: {@code "accuracy"} (any case) becomes binary accuracy for a one-unit output or a
 * binary cross-entropy loss, sparse categorical for a sparse loss, categorical otherwise; any other
 * name must be one {@code keras.metrics.get} accepts (a class name such as {@code "AUC"}, its snake
 * case {@code "auc"}, or an alias such as {@code "mae"}), and the metric is named after it.
 */
public final class Metrics {
  private static final Map<String, Function<Map<String, Object>, Metric>> CLASSES = new LinkedHashMap<>();
  private static final Map<String, Supplier<Metric>> IDENTIFIERS = new LinkedHashMap<>();

  static {
    register("BinaryAccuracy", BinaryAccuracy::fromConfig, BinaryAccuracy::new);
    register("CategoricalAccuracy", CategoricalAccuracy::fromConfig, CategoricalAccuracy::new);
    register("SparseCategoricalAccuracy", SparseCategoricalAccuracy::fromConfig, SparseCategoricalAccuracy::new);
    // issue 13 (metrics)
    register("Mean", Mean::fromConfig, Mean::new);
    register("Sum", Sum::fromConfig, Sum::new);
    register("AUC", AUC::fromConfig, AUC::new);
    register("Precision", Precision::fromConfig, Precision::new);
    register("Recall", Recall::fromConfig, Recall::new);
    register("F1Score", F1Score::fromConfig, F1Score::new);
    register("FBetaScore", FBetaScore::fromConfig, FBetaScore::new);
    register("TopKCategoricalAccuracy", TopKCategoricalAccuracy::fromConfig, TopKCategoricalAccuracy::new);
    register("SparseTopKCategoricalAccuracy", SparseTopKCategoricalAccuracy::fromConfig,
        SparseTopKCategoricalAccuracy::new);
    register("MeanAbsoluteError", MeanAbsoluteError::fromConfig, MeanAbsoluteError::new);
    register("MeanSquaredError", MeanSquaredError::fromConfig, MeanSquaredError::new);
    register("RootMeanSquaredError", RootMeanSquaredError::fromConfig, RootMeanSquaredError::new);
    register("MeanAbsolutePercentageError", MeanAbsolutePercentageError::fromConfig, MeanAbsolutePercentageError::new);
    register("MeanSquaredLogarithmicError", MeanSquaredLogarithmicError::fromConfig, MeanSquaredLogarithmicError::new);
    register("CosineSimilarity", CosineSimilarity::fromConfig, CosineSimilarity::new);
    register("LogCoshError", LogCoshError::fromConfig, LogCoshError::new);
    register("Hinge", Hinge::fromConfig, Hinge::new);
    register("SquaredHinge", SquaredHinge::fromConfig, SquaredHinge::new);
    register("CategoricalHinge", CategoricalHinge::fromConfig, CategoricalHinge::new);
    register("KLDivergence", KLDivergence::fromConfig, KLDivergence::new);
    register("Poisson", Poisson::fromConfig, Poisson::new);
    register("BinaryCrossentropy", BinaryCrossentropy::fromConfig, BinaryCrossentropy::new);
    register("CategoricalCrossentropy", CategoricalCrossentropy::fromConfig, CategoricalCrossentropy::new);
    register("SparseCategoricalCrossentropy", SparseCategoricalCrossentropy::fromConfig,
        SparseCategoricalCrossentropy::new);
    // MeanIoU needs num_classes: from a config only, as in Keras (metrics.get("mean_io_u") fails there too).
    CLASSES.put("MeanIoU", MeanIoU::fromConfig);
    // Keras 2's configs (legacy .h5 files) wrap a metric function: {"class_name": "MeanMetricWrapper",
    // "config": {"name": "accuracy", "fn": "binary_accuracy"}}. Keras's class of that function is the same mean.
    CLASSES.put("MeanMetricWrapper", Metrics::meanMetricWrapper);
    // Keras's aliases (keras.metrics.ALL_OBJECTS_DICT), upper and lower case only.
    alias("bce", "BinaryCrossentropy");
    alias("mse", "MeanSquaredError");
    alias("mae", "MeanAbsoluteError");
    alias("mape", "MeanAbsolutePercentageError");
    alias("msle", "MeanSquaredLogarithmicError");
  }

  private Metrics() {}

  private static void register(String className, Function<Map<String, Object>, Metric> fromConfig, Supplier<Metric> create) {
    CLASSES.put(className, fromConfig);
    IDENTIFIERS.put(className, create);
    IDENTIFIERS.put(Names.snakeCase(className), create);
  }

  private static void alias(String alias, String className) {
    IDENTIFIERS.put(alias, IDENTIFIERS.get(className));
    IDENTIFIERS.put(alias.toUpperCase(Locale.ROOT), IDENTIFIERS.get(className));
  }

  /** Keras's {@code metrics.deserialize} of a {@code {"class_name", "config"}} pair: the class's {@code fromConfig}. */
  public static Metric fromConfig(String className, Map<String, Object> config) {
    Function<Map<String, Object>, Metric> factory = CLASSES.get(className);
    if (factory == null) {
      throw new IllegalArgumentException("Could not interpret metric class: " + className + ". Known classes: "
          + String.join(", ", CLASSES.keySet()));
    }
    return factory.apply(config);
  }

  /**
   * Keras's {@code MeanMetricWrapper(fn, name)} from a config whose {@code fn} names one of Keras's
   * metric functions ({@code binary_accuracy}, {@code mean_absolute_error}...): the metric class of
   * that function (the mean of the same values), under the config's name.
   */
  private static Metric meanMetricWrapper(Map<String, Object> config) {
    Object fn = config.get("fn");
    if (fn instanceof String f) {
      for (Map.Entry<String, Function<Map<String, Object>, Metric>> e : CLASSES.entrySet()) {
        if (!e.getKey().equals("MeanMetricWrapper") && !e.getKey().equals("MeanIoU") && Names.snakeCase(e.getKey()).equals(f)) {
          Map<String, Object> c = new LinkedHashMap<>(config);
          c.remove("fn");
          return e.getValue().apply(c);
        }
      }
    }
    throw new IllegalArgumentException("Could not interpret the function of a MeanMetricWrapper: jkeras wraps Keras's"
        + " metric functions only (binary_accuracy, mean_absolute_error...). Received: fn=" + fn);
  }

  /** Keras's {@code metrics.get(identifier)}: a new metric with its default arguments and name ({@code "mae"} is {@code mean_absolute_error}). */
  public static Metric get(String identifier) {
    Supplier<Metric> create = identifier == null ? null : IDENTIFIERS.get(identifier);
    if (create == null) {
      throw new IllegalArgumentException("Could not interpret metric identifier: " + identifier + ". Expected accuracy or"
          + " one of " + String.join(", ", IDENTIFIERS.keySet()) + ".");
    }
    return create.get();
  }

  /**
   * The metric Keras's {@code compile} makes of a name for an output of this shape trained with this
   * loss, named as given ({@code "mae"} is logged as {@code mae}).
   */
  public static Metric get(String identifier, Loss loss, Shape outputShape) {
    if (identifier == null) {
      throw new IllegalArgumentException("Could not interpret metric identifier: null");
    }
    String id = identifier.toLowerCase(Locale.ROOT);
    if (id.equals("accuracy") || id.equals("acc")) {
      return Accuracies.resolve(identifier, loss, outputShape);
    }
    Metric m = get(identifier);
    m.name(); // Keras makes the metric under its automatic name (taking it: the next AUC() is auc_1), then renames it
    return m.name(identifier);
  }
}
