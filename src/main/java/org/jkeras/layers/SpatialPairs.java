package org.jkeras.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code ((top, bottom), (left, right))} argument of ZeroPadding2D and Cropping2D, from any of
 * Keras's forms: one int for all four sides, {@code (symmetric_height, symmetric_width)}, or the
 * two pairs. Values may be 0, never negative.
 */
final class SpatialPairs {
  private SpatialPairs() {}

  /** One int for all four sides. */
  static int[][] of(String arg, int all) {
    return of(arg, all, all);
  }

  /** {@code (symmetric_height, symmetric_width)}. */
  static int[][] of(String arg, int height, int width) {
    return of(arg, new int[][] {{height, height}, {width, width}});
  }

  /** {@code ((top, bottom), (left, right))}; each inner array may also hold one value for both sides. */
  static int[][] of(String arg, int[][] pairs) {
    if (pairs == null || pairs.length != 2) {
      throw new IllegalArgumentException("`" + arg + "` should have two elements. Received: " + arg + "="
          + Arrays.deepToString(pairs));
    }
    int[][] out = new int[2][];
    for (int i = 0; i < 2; i++) {
      int[] p = pairs[i];
      if (p == null || (p.length != 1 && p.length != 2)) {
        throw new IllegalArgumentException("The `" + (i == 0 ? "1st" : "2nd") + " entry of " + arg
            + "` argument must be a tuple of 2 integers. Received: " + arg + "=" + Arrays.deepToString(pairs));
      }
      out[i] = p.length == 1 ? new int[] {p[0], p[0]} : p.clone();
      for (int v : out[i]) {
        if (v < 0) {
          throw new IllegalArgumentException("`" + arg + "` cannot be negative. Received: " + arg + "="
              + Arrays.deepToString(pairs));
        }
      }
    }
    return out;
  }

  /** A config value: an int, a list of two ints, or a list of two lists of two ints. */
  static int[][] fromConfig(String arg, Object value) {
    if (value instanceof Number) {
      return of(arg, ((Number) value).intValue());
    }
    if (value instanceof List<?> list && list.size() == 2) {
      int[][] pairs = new int[2][];
      for (int i = 0; i < 2; i++) {
        Object e = list.get(i);
        if (e instanceof Number) {
          pairs[i] = new int[] {((Number) e).intValue()};
        } else if (e instanceof List<?> inner && inner.stream().allMatch(Number.class::isInstance)) {
          pairs[i] = inner.stream().mapToInt(n -> ((Number) n).intValue()).toArray();
        } else {
          pairs = null;
          break;
        }
      }
      if (pairs != null) {
        return of(arg, pairs);
      }
    }
    throw new IllegalArgumentException("`" + arg + "` should be either an int, a tuple of 2 ints or a tuple of 2 tuples"
        + " of 2 ints ((top, bottom), (left, right)). Received: " + arg + "=" + value);
  }

  /** Keras's config form: {@code [[top, bottom], [left, right]]}. */
  static List<Object> toConfig(int[][] pairs) {
    List<Object> out = new ArrayList<>();
    for (int[] p : pairs) {
      out.add(Configs.list(p));
    }
    return out;
  }
}
