package org.jkeras.preprocessing.image;

import java.util.Arrays;
import java.util.Random;

/**
 * {@code width_shift_range} / {@code height_shift_range} in Keras's three forms: a float (a shift
 * drawn uniformly in (-f, f), a fraction of the side when f < 1, else pixels), an int n (a whole
 * number of pixels in [0, n) with a random sign, NumPy's {@code choice(n)}), or a list (one of its
 * values with a random sign, a fraction of the side when all are below 1).
 */
record ShiftRange(double[] values, boolean integer, boolean list) {
  static final ShiftRange NONE = new ShiftRange(new double[] {0}, false, false);

  static ShiftRange of(double f, String arg) {
    check(f, arg);
    return new ShiftRange(new double[] {f}, false, false);
  }

  static ShiftRange ofPixels(int n, String arg) {
    check(n, arg);
    return new ShiftRange(new double[] {n}, true, false);
  }

  static ShiftRange ofList(double[] values, String arg) {
    for (double v : values) {
      check(v, arg);
    }
    return new ShiftRange(values.clone(), false, true);
  }

  private static void check(double v, String arg) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("`" + arg + "` must be a non-negative number (a fraction of the side below 1,"
          + " else pixels), an int, or a list of them. Received: " + arg + "=" + v);
    }
  }

  /** Keras's {@code if self.width_shift_range:}: 0 and the empty list draw nothing. */
  boolean active() {
    return list ? values.length > 0 : values[0] != 0;
  }

  /** One shift in pixels for a side of {@code size} pixels, as {@code get_random_transform} draws it. */
  double draw(Random random, int size) {
    if (!active()) {
      return 0;
    }
    double v;
    if (list || integer) {
      v = list ? values[random.nextInt(values.length)] : random.nextInt((int) values[0]);
      v *= random.nextBoolean() ? 1 : -1;
    } else {
      v = (random.nextDouble() * 2 - 1) * values[0];
    }
    if (max() < 1) {
      v *= size;
    }
    return v;
  }

  private double max() {
    return Arrays.stream(values).max().orElse(0);
  }

  @Override
  public String toString() {
    return list ? Arrays.toString(values) : integer ? String.valueOf((int) values[0]) : String.valueOf(values[0]);
  }
}
