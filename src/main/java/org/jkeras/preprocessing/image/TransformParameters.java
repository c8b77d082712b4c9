package org.jkeras.preprocessing.image;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters of one {@link ImageDataGenerator} transformation, Keras's dictionary of {@code
 * get_random_transform} ({@code theta} and {@code shear} in degrees; {@code tx} the shift along the
 * rows, {@code ty} along the columns, in pixels; {@code zx}, {@code zy} zoom factors; flips;
 * {@code channel_shift_intensity} and {@code brightness} null when not drawn), and the sampling
 * matrix {@code apply_affine_transform} derives from them.
 */
record TransformParameters(double theta, double tx, double ty, double shear, double zx, double zy,
    boolean flipHorizontal, boolean flipVertical, Double channelShiftIntensity, Double brightness) {

  static final TransformParameters IDENTITY = new TransformParameters(0, 0, 0, 0, 1, 1, false, false, null, null);

  /** Keras's dictionary, keys in Keras's order. */
  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("theta", theta);
    m.put("tx", tx);
    m.put("ty", ty);
    m.put("shear", shear);
    m.put("zx", zx);
    m.put("zy", zy);
    m.put("flip_horizontal", flipHorizontal);
    m.put("flip_vertical", flipVertical);
    m.put("channel_shift_intensity", channelShiftIntensity);
    m.put("brightness", brightness);
    return m;
  }

  /** Reads Keras's dictionary with {@code apply_transform}'s defaults for missing keys (a flip may be a boolean or 0/1). */
  static TransformParameters of(Map<String, ?> m) {
    return new TransformParameters(number(m, "theta", 0), number(m, "tx", 0), number(m, "ty", 0), number(m, "shear", 0),
        number(m, "zx", 1), number(m, "zy", 1), flag(m, "flip_horizontal"), flag(m, "flip_vertical"),
        optional(m, "channel_shift_intensity"), optional(m, "brightness"));
  }

  /**
   * {@code apply_affine_transform}'s sampling for an (h, w) image, flips folded in: the output pixel
   * at (row, col) reads the input at (m[0] row + m[1] col + m[2], m[3] row + m[4] col + m[5]). Built
   * as Keras builds it: rotation, shift, shear, zoom multiplied in that order, moved to the centre
   * (h / 2 - 0.5, w / 2 - 0.5), then rows and columns of the matrix swapped (Keras's {@code M' = PMP}:
   * its matrices are written for (x, y) but applied to (row, col); for a non-square image the centre
   * offsets land on the other axes, as in Keras). The flips that Keras applies afterwards
   * ({@code flip_axis}) read column {@code w - 1 - col} and row {@code h - 1 - row} of that output.
   */
  double[] samplingMatrix(int h, int w) {
    double[][] t = null;
    if (theta != 0) {
      double r = Math.toRadians(theta);
      t = new double[][] {{Math.cos(r), -Math.sin(r), 0}, {Math.sin(r), Math.cos(r), 0}, {0, 0, 1}};
    }
    if (tx != 0 || ty != 0) {
      t = times(t, new double[][] {{1, 0, tx}, {0, 1, ty}, {0, 0, 1}});
    }
    if (shear != 0) {
      double s = Math.toRadians(shear);
      t = times(t, new double[][] {{1, -Math.sin(s), 0}, {0, Math.cos(s), 0}, {0, 0, 1}});
    }
    if (zx != 1 || zy != 1) {
      t = times(t, new double[][] {{zx, 0, 0}, {0, zy, 0}, {0, 0, 1}});
    }
    double[] m = {1, 0, 0, 0, 1, 0};
    if (t != null) {
      double ox = h / 2.0 - 0.5;
      double oy = w / 2.0 - 0.5;
      t = times(times(new double[][] {{1, 0, ox}, {0, 1, oy}, {0, 0, 1}}, t), new double[][] {{1, 0, -ox}, {0, 1, -oy}, {0, 0, 1}});
      // Swap columns 0 and 1, then rows 0 and 1.
      m = new double[] {t[1][1], t[1][0], t[1][2], t[0][1], t[0][0], t[0][2]};
    }
    if (flipHorizontal) { // col -> w - 1 - col
      m = new double[] {m[0], -m[1], m[2] + m[1] * (w - 1), m[3], -m[4], m[5] + m[4] * (w - 1)};
    }
    if (flipVertical) { // row -> h - 1 - row
      m = new double[] {-m[0], m[1], m[2] + m[0] * (h - 1), -m[3], m[4], m[5] + m[3] * (h - 1)};
    }
    return m;
  }

  private static double[][] times(double[][] a, double[][] b) {
    if (a == null) {
      return b;
    }
    double[][] c = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        c[i][j] = a[i][0] * b[0][j] + a[i][1] * b[1][j] + a[i][2] * b[2][j];
      }
    }
    return c;
  }

  private static double number(Map<String, ?> m, String key, double dflt) {
    Object v = m.get(key);
    if (v == null) {
      return dflt;
    }
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException("Transform parameter `" + key + "` must be a number. Received: " + key + "=" + v);
    }
    return n.doubleValue();
  }

  private static boolean flag(Map<String, ?> m, String key) {
    Object v = m.get(key);
    if (v == null) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof Number n) {
      return n.doubleValue() != 0;
    }
    throw new IllegalArgumentException("Transform parameter `" + key + "` must be a boolean. Received: " + key + "=" + v);
  }

  private static Double optional(Map<String, ?> m, String key) {
    return m.get(key) == null ? null : number(m, key, 0);
  }
}
