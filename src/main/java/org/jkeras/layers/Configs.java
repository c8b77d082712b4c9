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
    return tuple(arg, values, n, false);
  }

  /** {@link #tuple(String, int[], int)}, zeros allowed (Keras's {@code allow_zero=True}, e.g. {@code output_padding}). */
  static int[] tupleAllowZero(String arg, int[] values, int n) {
    return tuple(arg, values, n, true);
  }

  private static int[] tuple(String arg, int[] values, int n, boolean allowZero) {
    if (values == null || (values.length != 1 && values.length != n)) {
      throw new IllegalArgumentException(
          "The `" + arg + "` argument must be a tuple of " + n + " integers. Received: " + arg + "="
              + (values == null ? "null" : Arrays.toString(values)));
    }
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = values.length == 1 ? values[0] : values[i];
      if (out[i] < 0 || (out[i] == 0 && !allowZero)) {
        throw new IllegalArgumentException(
            "The `" + arg + "` argument must be a tuple of " + n + (allowZero ? " non-negative" : " positive")
                + " integers. Received: " + arg + "=" + Arrays.toString(values));
      }
    }
    return out;
  }

  static String padding(String padding) {
    return padding(padding, false);
  }

  /** Keras's {@code standardize_padding}: "valid" or "same", and "causal" where allowed (Conv1D). */
  static String padding(String padding, boolean allowCausal) {
    String p = padding == null ? "" : padding.toLowerCase(Locale.ROOT);
    if (!p.equals("valid") && !p.equals("same") && !(allowCausal && p.equals("causal"))) {
      throw new IllegalArgumentException("The `padding` argument must be a list/tuple or one of \"valid\", \"same\""
          + (allowCausal ? ", \"causal\"" : "") + ". Received: padding=" + padding);
    }
    return p;
  }

  /** Keras's {@code standardize_data_format}: "channels_last" or "channels_first". */
  static String dataFormat(String dataFormat) {
    String f = dataFormat == null ? "" : dataFormat.toLowerCase(Locale.ROOT);
    if (!f.equals("channels_last") && !f.equals("channels_first")) {
      throw new IllegalArgumentException("The `data_format` argument must be one of {'channels_first', 'channels_last'}."
          + " Received: data_format=" + dataFormat);
    }
    return f;
  }

  /** {@code n} ones: Keras's default strides and dilation rates. */
  static int[] ones(int n) {
    int[] out = new int[n];
    Arrays.fill(out, 1);
    return out;
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
    if (padding.equals("same") || padding.equals("causal")) {
      return (input + stride - 1) / stride;
    }
    return input - effective < 0 ? 0 : (input - effective) / stride + 1;
  }
}
