package org.jkeras.losses;

import java.util.Locale;

/** {@code keras.losses.get}: a loss from its Keras name. */
public final class Losses {
  private Losses() {}

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
