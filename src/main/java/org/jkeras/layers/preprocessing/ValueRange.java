package org.jkeras.layers.preprocessing;

/** Keras's {@code value_range} argument of the colour layers: two finite numbers, low first. */
final class ValueRange {
  private ValueRange() {}

  static double[] check(double low, double high) {
    if (!Double.isFinite(low) || !Double.isFinite(high)) {
      throw new IllegalArgumentException(
          "The `value_range` argument should be a list of two numbers. Received: value_range=(" + low + ", " + high + ")");
    }
    return new double[] {Math.min(low, high), Math.max(low, high)};
  }
}
