package org.jkeras.preprocessing.image;

import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * {@link ImageDataGenerator#applyTransform} on one (h, w, c) image: Keras's {@code
 * apply_affine_transform} (which calls {@code scipy.ndimage.affine_transform}), {@code
 * apply_channel_shift}, {@code flip_axis} and {@code apply_brightness_shift} (Pillow's {@code
 * ImageEnhance.Brightness}), computed on the host as Keras computes them (in NumPy and SciPy), one
 * image per call so that the images of a batch transform on all cores side by side.
 *
 * <p>Why a sampler of its own rather than TF's {@code ImageProjectiveTransformV3} (measured against
 * scipy in the parity case {@code image_data_generator}): both interpolate linearly with pixel
 * centres at integer coordinates, but scipy's "constant" gives {@code cval} to any point outside
 * [0, n - 1] where TF's blends the border pixel with the fill value, and scipy's "wrap" repeats with
 * a period of n - 1 (the first and last pixels overlap) where TF's repeats with a period of n; so
 * here each output pixel's four neighbours are taken with scipy's index rules for every mode
 * ("nearest", "reflect", "wrap", "constant"), positions and the interpolated value computed in
 * float64 as scipy does. The flips are folded into the sampling positions; channel shift and
 * brightness follow in float32 on the result.
 */
final class AffineSampler {
  private final int h;
  private final int w;
  private final int c;
  private final String fillMode;
  private final double cval;
  private final boolean nearestPixel;
  /** Each thread's input and output image (reused: images of a batch go through the pool's threads one after another). */
  private final ThreadLocal<float[][]> buffers;

  /**
   * @param fillMode scipy's mode: "nearest", "reflect", "wrap" or "constant" (with {@code cval})
   * @param order scipy's spline order: 1 (linear, Keras's default) or 0 (nearest pixel)
   */
  AffineSampler(int h, int w, int c, String fillMode, double cval, int order) {
    this.h = h;
    this.w = w;
    this.c = c;
    this.fillMode = fillMode;
    this.cval = cval;
    this.nearestPixel = order == 0;
    this.buffers = ThreadLocal.withInitial(() -> new float[][] {new float[h * w * c], new float[h * w * c]});
  }

  /** Transforms {@code image} (h, w, c) in place with {@code p}. */
  void apply(FloatNdArray image, TransformParameters p) {
    float[][] b = buffers.get();
    float[] in = b[0];
    float[] out = b[1];
    image.copyTo(DataBuffers.of(in, false, false));
    sample(in, out, p.samplingMatrix(h, w));
    if (p.channelShiftIntensity() != null) {
      channelShift(out, p.channelShiftIntensity().floatValue());
    }
    if (p.brightness() != null) {
      brightness(out, p.brightness().floatValue());
    }
    image.copyFrom(DataBuffers.of(out, true, false));
  }

  /** Output pixel (i, j) reads the input at row {@code m0 i + m1 j + m2}, column {@code m3 i + m4 j + m5}. */
  private void sample(float[] in, float[] out, double[] m) {
    Axis rows = new Axis(h, fillMode, nearestPixel);
    Axis cols = new Axis(w, fillMode, nearestPixel);
    boolean constant = fillMode.equals("constant");
    float fill = (float) cval;
    // The products of the positions, each the same double as computed in place: (m0 i + m1 j) + m2.
    double[] r0 = products(m[0], h);
    double[] r1 = products(m[1], w);
    double[] c0 = products(m[3], h);
    double[] c1 = products(m[4], w);
    double m2 = m[2];
    double m5 = m[5];
    for (int i = 0; i < h; i++) {
      double ri = r0[i];
      double ci = c0[i];
      for (int j = 0; j < w; j++) {
        int o = (i * w + j) * c;
        rows.at(ri + r1[j] + m2);
        cols.at(ci + c1[j] + m5);
        if (constant && !(rows.inside && cols.inside)) {
          for (int k = 0; k < c; k++) {
            out[o + k] = fill;
          }
          continue;
        }
        int p00 = (rows.i0 * w + cols.i0) * c;
        if (nearestPixel) {
          for (int k = 0; k < c; k++) {
            out[o + k] = in[p00 + k];
          }
          continue;
        }
        int p01 = (rows.i0 * w + cols.i1) * c;
        int p10 = (rows.i1 * w + cols.i0) * c;
        int p11 = (rows.i1 * w + cols.i1) * c;
        // scipy's order-1 spline: weight(row) * weight(col) * value over the four neighbours, summed in this order.
        double w00 = rows.g * cols.g;
        double w01 = rows.g * cols.f;
        double w10 = rows.f * cols.g;
        double w11 = rows.f * cols.f;
        if (c == 3) { // RGB, unrolled
          out[o] = (float) (w00 * in[p00] + w01 * in[p01] + w10 * in[p10] + w11 * in[p11]);
          out[o + 1] = (float) (w00 * in[p00 + 1] + w01 * in[p01 + 1] + w10 * in[p10 + 1] + w11 * in[p11 + 1]);
          out[o + 2] = (float) (w00 * in[p00 + 2] + w01 * in[p01 + 2] + w10 * in[p10 + 2] + w11 * in[p11 + 2]);
          continue;
        }
        for (int k = 0; k < c; k++) {
          double v = w00 * in[p00 + k] + w01 * in[p01 + k] + w10 * in[p10 + k] + w11 * in[p11 + k];
          out[o + k] = (float) v;
        }
      }
    }
  }

  private static double[] products(double a, int n) {
    double[] p = new double[n];
    for (int i = 0; i < n; i++) {
      p[i] = a * i;
    }
    return p;
  }

  /** One axis's sampling position mapped by scipy's rules: neighbour indices i0, i1, weight f of i1 (g of i0), whether inside. */
  private static final class Axis {
    private static final int CLAMP = 0;
    private static final int WRAP = 1;
    private static final int REFLECT = 2;
    private final int len;
    private final double last;
    private final int mode;
    private final boolean nearestPixel;
    int i0;
    int i1;
    double f;
    double g;
    boolean inside;

    Axis(int len, String mode, boolean nearestPixel) {
      this.len = len;
      this.last = len - 1;
      this.mode = mode.equals("wrap") ? WRAP : mode.equals("reflect") ? REFLECT : CLAMP;
      this.nearestPixel = nearestPixel;
    }

    void at(double s) {
      inside = s >= 0 && s <= last;
      double p;
      if (mode == WRAP) { // period len - 1: positions inside are kept (the overlapping end pixel included)
        p = len == 1 ? 0 : inside ? s : floorMod(s, last);
      } else if (mode == REFLECT) { // half-sample symmetric, applied to the neighbours' integer indices below
        p = s;
      } else { // "nearest" and "constant" (filled by the caller): clamped
        p = s < 0 ? 0 : s > last ? last : s;
      }
      if (nearestPixel) {
        p = Math.floor(p + 0.5);
      }
      double lo = Math.floor(p);
      int k0 = (int) lo;
      int k1 = k0 + 1;
      f = p - lo;
      g = 1.0 - f;
      if (mode == REFLECT) {
        i0 = reflect(k0);
        i1 = reflect(k1);
      } else {
        i0 = Math.min(k0, len - 1);
        i1 = Math.min(k1, len - 1);
      }
    }

    /** (d c b a | a b c d | d c b a): index k mod 2 len, folded back. */
    private int reflect(int k) {
      int m = Math.floorMod(k, 2 * len);
      return m >= len ? 2 * len - 1 - m : m;
    }

    /** Python's (and TF's FloorMod's) {@code x % y} on floats: the remainder with the sign of {@code y}. */
    private static double floorMod(double x, double y) {
      double r = x % y;
      return r != 0 && (y < 0) != (r < 0) ? r + y : r;
    }
  }

  /** {@code apply_channel_shift}: every channel + intensity, clipped to the image's own min and max. */
  private static void channelShift(float[] y, float intensity) {
    float lo = min(y);
    float hi = max(y);
    for (int i = 0; i < y.length; i++) {
      y[i] = Math.min(Math.max(y[i] + intensity, lo), hi);
    }
  }

  /**
   * {@code apply_brightness_shift(x, brightness, scale=False)}: the image made 8-bit as {@code
   * array_to_img} does (truncated; first stretched to 0..255 when its values leave that range),
   * Pillow's blend with black ({@code trunc(float(b) * v)}, clipped to 0..255; an alpha channel
   * kept), back to float and, when stretched, back to the original range.
   */
  private void brightness(float[] y, float b) {
    float lo = min(y);
    float hi = max(y);
    boolean stretch = lo < 0f || hi > 255f;
    float span = hi - lo;
    for (int i = 0; i < y.length; i++) {
      float v = (float) Math.floor(stretch ? (span == 0f ? 0f : (y[i] - lo) / span) * 255f : y[i]);
      float blended = c == 4 && i % 4 == 3 ? v // Pillow's Brightness keeps the alpha band
          : Math.min(Math.max((float) Math.floor(v * b), 0f), 255f);
      y[i] = stretch ? blended / 255f * span + lo : blended;
    }
  }

  private static float min(float[] y) {
    float m = Float.POSITIVE_INFINITY;
    for (float v : y) {
      m = Math.min(m, v);
    }
    return m;
  }

  private static float max(float[] y) {
    float m = Float.NEGATIVE_INFINITY;
    for (float v : y) {
      m = Math.max(m, v);
    }
    return m;
  }
}
