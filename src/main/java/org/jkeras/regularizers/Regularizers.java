package org.jkeras.regularizers;

import java.util.Locale;

/**
 * {@code keras.regularizers}: the factory functions ({@code l1}, {@code l2}, {@code l1_l2}) and
 * {@code get} for string names ({@code "l1"}, {@code "l2"}, {@code "l1_l2"}, default factor 0.01).
 */
public final class Regularizers {
  private Regularizers() {}

  public static L1 l1(double l1) {
    return new L1(l1);
  }

  public static L2 l2(double l2) {
    return new L2(l2);
  }

  public static L1L2 l1L2(double l1, double l2) {
    return new L1L2(l1, l2);
  }

  /** Keras's {@code l1_l2()} defaults: l1=0.01, l2=0.01. */
  public static L1L2 l1L2() {
    return new L1L2(0.01, 0.01);
  }

  public static Regularizer get(String identifier) {
    if (identifier == null) {
      return null;
    }
    switch (identifier.toLowerCase(Locale.ROOT)) {
      case "l1": return new L1();
      case "l2": return new L2();
      case "l1_l2": case "l1l2": return l1L2();
      default:
        throw new IllegalArgumentException(
            "Could not interpret regularizer identifier: " + identifier + ". Expected one of l1, l2, l1_l2.");
    }
  }

  static void validateFactor(String name, double value) {
    if (!Double.isFinite(value) || value < 0) {
      throw new IllegalArgumentException(
          "Value for argument `" + name + "` should be a non-negative finite float. Received: " + name + "=" + value);
    }
  }
}
