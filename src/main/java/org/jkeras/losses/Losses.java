package org.jkeras.losses;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code keras.losses.get} and {@code keras.losses.deserialize}: a loss from one of the names Keras
 * accepts (exactly, case included: a class name such as {@code "Huber"}, a function name such as
 * {@code "huber"}, or an alias such as {@code "mae"}), or from a {@code {"class_name", "config"}} pair.
 */
public final class Losses {
  private static final Map<String, Function<Map<String, Object>, Loss>> CLASSES = new LinkedHashMap<>();
  private static final Map<String, Supplier<Loss>> IDENTIFIERS = new LinkedHashMap<>();

  static {
    register("BinaryCrossentropy", "binary_crossentropy", BinaryCrossentropy::fromConfig, BinaryCrossentropy::new);
    register("CategoricalCrossentropy", "categorical_crossentropy", CategoricalCrossentropy::fromConfig,
        CategoricalCrossentropy::new);
    register("SparseCategoricalCrossentropy", "sparse_categorical_crossentropy", SparseCategoricalCrossentropy::fromConfig,
        SparseCategoricalCrossentropy::new);
    register("MeanSquaredError", "mean_squared_error", MeanSquaredError::fromConfig, MeanSquaredError::new);
    // issue 13 (losses)
    register("MeanAbsoluteError", "mean_absolute_error", MeanAbsoluteError::fromConfig, MeanAbsoluteError::new);
    register("MeanAbsolutePercentageError", "mean_absolute_percentage_error", MeanAbsolutePercentageError::fromConfig,
        MeanAbsolutePercentageError::new);
    register("MeanSquaredLogarithmicError", "mean_squared_logarithmic_error", MeanSquaredLogarithmicError::fromConfig,
        MeanSquaredLogarithmicError::new);
    register("Huber", "huber", Huber::fromConfig, Huber::new);
    register("LogCosh", "log_cosh", LogCosh::fromConfig, LogCosh::new);
    register("Hinge", "hinge", Hinge::fromConfig, Hinge::new);
    register("SquaredHinge", "squared_hinge", SquaredHinge::fromConfig, SquaredHinge::new);
    register("CategoricalHinge", "categorical_hinge", CategoricalHinge::fromConfig, CategoricalHinge::new);
    register("KLDivergence", "kl_divergence", KLDivergence::fromConfig, KLDivergence::new);
    register("Poisson", "poisson", Poisson::fromConfig, Poisson::new);
    register("CosineSimilarity", "cosine_similarity", CosineSimilarity::fromConfig, CosineSimilarity::new);
    register("BinaryFocalCrossentropy", "binary_focal_crossentropy", BinaryFocalCrossentropy::fromConfig,
        BinaryFocalCrossentropy::new);
    register("CategoricalFocalCrossentropy", "categorical_focal_crossentropy", CategoricalFocalCrossentropy::fromConfig,
        CategoricalFocalCrossentropy::new);
    // Keras's aliases (keras.losses.ALL_OBJECTS_DICT), upper and lower case only.
    alias("bce", "binary_crossentropy");
    alias("kld", "kl_divergence");
    alias("mae", "mean_absolute_error");
    alias("mse", "mean_squared_error");
    alias("mape", "mean_absolute_percentage_error");
    alias("msle", "mean_squared_logarithmic_error");
  }

  private Losses() {}

  private static void register(String className, String function, Function<Map<String, Object>, Loss> fromConfig,
      Supplier<Loss> create) {
    CLASSES.put(className, fromConfig);
    IDENTIFIERS.put(className, create);
    IDENTIFIERS.put(function, create);
  }

  private static void alias(String alias, String function) {
    IDENTIFIERS.put(alias, IDENTIFIERS.get(function));
    IDENTIFIERS.put(alias.toUpperCase(Locale.ROOT), IDENTIFIERS.get(function));
  }

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
      case "binary_focal_crossentropy": return new BinaryFocalCrossentropy().fromLogits(true);
      case "categorical_focal_crossentropy": return new CategoricalFocalCrossentropy().fromLogits(true);
      default: throw new IllegalArgumentException("Loss `" + identifier + "` has no from_logits form.");
    }
  }

  /** Keras's {@code losses.get(identifier)}: a new loss with its default arguments. */
  public static Loss get(String identifier) {
    Supplier<Loss> create = identifier == null ? null : IDENTIFIERS.get(identifier);
    if (create == null) {
      throw new IllegalArgumentException("Could not interpret loss identifier: " + identifier + ". Expected one of "
          + String.join(", ", IDENTIFIERS.keySet()) + ".");
    }
    return create.get();
  }
}
