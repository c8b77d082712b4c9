package org.jkeras.metrics;

import org.jkeras.losses.BinaryCrossentropy;
import org.jkeras.losses.CategoricalCrossentropy;
import org.jkeras.losses.Loss;
import org.jkeras.losses.SparseCategoricalCrossentropy;
import org.tensorflow.ndarray.Shape;

/**
 * What Keras's compile makes of {@code "accuracy"} (or {@code "acc"}, any case): binary accuracy
 * for a one-unit output or a binary cross-entropy loss, sparse categorical accuracy for a sparse
 * loss, categorical accuracy otherwise; named as given.
 */
final class Accuracies {
  private Accuracies() {}

  static Metric resolve(String identifier, Loss loss, Shape outputShape) {
    long units = outputShape.get(outputShape.numDimensions() - 1);
    if (loss instanceof BinaryCrossentropy || units == 1) {
      return new BinaryAccuracy(identifier, 0.5f);
    }
    if (loss instanceof SparseCategoricalCrossentropy) {
      return new SparseCategoricalAccuracy(identifier);
    }
    return new CategoricalAccuracy(identifier);
  }
}
