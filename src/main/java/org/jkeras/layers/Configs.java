package org.jkeras.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Argument checks and config serialisation shared by the layers (Keras-style messages). */
final class Configs {
  private Configs() {}

  static int positive(String arg, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(
          "Received an invalid value for `" + arg + "`, expected a positive integer. Received: " + arg + "=" + value);
    }
    return value;
  }

  /** Keras's {@code standardize_tuple}: one int or exactly {@code n} positive ints. */
  static int[] tuple(String arg, int[] values, int n) {
    if (values == null || (values.length != 1 && values.length != n)) {
      throw new IllegalArgumentException(
          "The `" + arg + "` argument must be a tuple of " + n + " integers. Received: " + arg + "="
              + (values == null ? "null" : Arrays.toString(values)));
    }
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = values.length == 1 ? values[0] : values[i];
      if (out[i] <= 0) {
        throw new IllegalArgumentException(
            "The `" + arg + "` argument must be a tuple of " + n + " positive integers. Received: " + arg + "="
                + Arrays.toString(values));
      }
    }
    return out;
  }

  static String padding(String padding) {
    String p = padding == null ? "" : padding.toLowerCase(Locale.ROOT);
    if (!p.equals("valid") && !p.equals("same")) {
      throw new IllegalArgumentException(
          "The `padding` argument must be a list/tuple or one of \"valid\", \"same\". Received: padding=" + padding);
    }
    return p;
  }

  static List<Object> list(int[] values) {
    List<Object> l = new ArrayList<>();
    for (int v : values) {
      l.add(v);
    }
    return l;
  }

  /** Output length of a convolution or pooling window along one axis, Keras's formula. */
  static long outputLength(long input, int window, String padding, int stride, int dilation) {
    if (input < 0) {
      return -1;
    }
    long effective = (long) (window - 1) * dilation + 1;
    if (padding.equals("same")) {
      return (input + stride - 1) / stride;
    }
    return input - effective < 0 ? 0 : (input - effective) / stride + 1;
  }
}
