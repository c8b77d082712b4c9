package org.jkeras.preprocessing.image;

import java.util.List;
import java.util.Locale;

/**
 * Pillow's {@code Image.resize(size, resample, box)} on 8-bit images, which Keras's {@code
 * load_img} calls: written from Pillow's algorithm so that the pixels are Pillow's, not a
 * resize that looks alike. {@code nearest} takes for each output pixel the source pixel under its
 * centre (Pillow's affine scaling, positions accumulated step by step in double). The other
 * filters are Pillow's separable convolution: a horizontal pass then a vertical one, each output
 * pixel a weighted sum of the source pixels within the filter's support (widened by the scale
 * when shrinking, so shrinking averages, unlike TF's {@code resize} without antialias), with the
 * weights in 22-bit fixed point and each pass rounded to 8 bits as Pillow does. RGBA images are
 * resampled with premultiplied alpha, as Pillow converts them to {@code RGBa} first.
 *
 * <p>Images are {@code int[]} of 0..255 values in (height, width, channels) order.
 */
final class PilResize {
  /** Keras's {@code PIL_INTERPOLATION_METHODS}. */
  static final List<String> METHODS = List.of("nearest", "bilinear", "bicubic", "hamming", "box", "lanczos");

  private static final int PRECISION_BITS = 32 - 8 - 2;

  private PilResize() {}

  /** A filter: its support (radius at scale 1) and its weight at a distance. */
  private interface Filter {
    double weight(double x);
  }

  private static double support(String method) {
    switch (method) {
      case "box": return 0.5;
      case "bilinear": case "hamming": return 1.0;
      case "bicubic": return 2.0;
      case "lanczos": return 3.0;
      default: throw new IllegalArgumentException(method);
    }
  }

  private static Filter filter(String method) {
    switch (method) {
      case "box":
        return x -> x > -0.5 && x <= 0.5 ? 1.0 : 0.0;
      case "bilinear":
        return x -> Math.abs(x) < 1.0 ? 1.0 - Math.abs(x) : 0.0;
      case "hamming":
        return x -> {
          double a = Math.abs(x);
          if (a == 0.0) {
            return 1.0;
          }
          if (a >= 1.0) {
            return 0.0;
          }
          a *= Math.PI;
          return Math.sin(a) / a * (0.54 + 0.46 * Math.cos(a));
        };
      case "bicubic":
        return x -> {
          double a = -0.5;
          double t = Math.abs(x);
          if (t < 1.0) {
            return ((a + 2.0) * t - (a + 3.0)) * t * t + 1;
          }
          if (t < 2.0) {
            return (((t - 5) * t + 8) * t - 4) * a;
          }
          return 0.0;
        };
      case "lanczos":
        return x -> -3.0 <= x && x < 3.0 ? sinc(x) * sinc(x / 3) : 0.0;
      default:
        throw new IllegalArgumentException(method);
    }
  }

  private static double sinc(double x) {
    if (x == 0.0) {
      return 1.0;
    }
    x *= Math.PI;
    return Math.sin(x) / x;
  }

  /**
   * Resizes {@code src} to (outH, outW) from the region {@code box} = (x0, y0, x1, y1) of the
   * source (the whole image, or Keras's centred crop for {@code keep_aspect_ratio}).
   */
  static int[] resize(int[] src, int h, int w, int c, int outH, int outW, String method, int[] box) {
    String m = method.toLowerCase(Locale.ROOT);
    if (m.equals("nearest")) {
      return nearest(src, h, w, c, outH, outW, box);
    }
    boolean rgba = c == 4;
    int[] in = rgba ? premultiply(src) : src;
    int[] out = in;
    int curW = w;
    boolean horizontal = outW != w || box[0] != 0 || box[2] != outW;
    boolean vertical = outH != h || box[1] != 0 || box[3] != outH;
    Coefficients cy = new Coefficients(h, box[1], box[3], outH, m);
    if (horizontal) {
      Coefficients cx = new Coefficients(w, box[0], box[2], outW, m);
      out = horizontalPass(in, h, w, c, cx);
      curW = outW;
    }
    if (vertical) {
      out = verticalPass(out, curW, c, cy);
    }
    return rgba ? unpremultiply(out) : out;
  }

  /** Pillow's resampling weights along one axis: for each output pixel, its first source pixel, count and weights. */
  private static final class Coefficients {
    final int[] start;
    final int[] count;
    final int[][] weights;

    Coefficients(int inSize, float in0, float in1, int outSize, String method) {
      double scale = (double) (in1 - in0) / outSize;
      double filterScale = Math.max(scale, 1.0);
      double support = support(method) * filterScale;
      Filter f = filter(method);
      start = new int[outSize];
      count = new int[outSize];
      weights = new int[outSize][];
      for (int xx = 0; xx < outSize; xx++) {
        double center = in0 + (xx + 0.5) * scale;
        double ss = 1.0 / filterScale;
        int xmin = Math.max((int) (center - support + 0.5), 0);
        int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
        double[] k = new double[Math.max(xmax, 0)];
        double ww = 0.0;
        for (int x = 0; x < xmax; x++) {
          k[x] = f.weight((x + xmin - center + 0.5) * ss);
          ww += k[x];
        }
        int[] fixed = new int[k.length];
        for (int x = 0; x < k.length; x++) {
          double v = ww != 0.0 ? k[x] / ww : k[x];
          fixed[x] = v < 0 ? (int) (-0.5 + v * (1 << PRECISION_BITS)) : (int) (0.5 + v * (1 << PRECISION_BITS));
        }
        start[xx] = xmin;
        count[xx] = k.length;
        weights[xx] = fixed;
      }
    }
  }

  /** Pillow's {@code clip8}: the fixed-point sum back to 0..255. */
  private static int clip8(int sum) {
    int v = sum >> PRECISION_BITS;
    return v < 0 ? 0 : Math.min(v, 255);
  }

  private static int[] horizontalPass(int[] in, int h, int w, int c, Coefficients k) {
    int outW = k.start.length;
    int[] out = new int[h * outW * c];
    for (int y = 0; y < h; y++) {
      for (int xx = 0; xx < outW; xx++) {
        for (int ch = 0; ch < c; ch++) {
          int ss = 1 << (PRECISION_BITS - 1);
          for (int x = 0; x < k.count[xx]; x++) {
            ss += in[(y * w + k.start[xx] + x) * c + ch] * k.weights[xx][x];
          }
          out[(y * outW + xx) * c + ch] = clip8(ss);
        }
      }
    }
    return out;
  }

  private static int[] verticalPass(int[] in, int w, int c, Coefficients k) {
    int outH = k.start.length;
    int[] out = new int[outH * w * c];
    for (int yy = 0; yy < outH; yy++) {
      for (int x = 0; x < w; x++) {
        for (int ch = 0; ch < c; ch++) {
          int ss = 1 << (PRECISION_BITS - 1);
          for (int y = 0; y < k.count[yy]; y++) {
            ss += in[((k.start[yy] + y) * w + x) * c + ch] * k.weights[yy][y];
          }
          out[(yy * w + x) * c + ch] = clip8(ss);
        }
      }
    }
    return out;
  }

  /** Pillow's nearest: {@code ImagingScaleAffine}, source positions accumulated from the first pixel's centre. */
  private static int[] nearest(int[] src, int h, int w, int c, int outH, int outW, int[] box) {
    int[] from = nearestSources(h, w, outH, outW, box);
    int[] out = new int[outH * outW * c];
    for (int i = 0; i < from.length; i++) {
      System.arraycopy(src, from[i] * c, out, i * c, c);
    }
    return out;
  }

  /**
   * The source pixel (row-major index {@code y w + x}) of each output pixel of Pillow's nearest
   * resize of an (h, w) image to (outH, outW) from the region {@code box}.
   */
  static int[] nearestSources(int h, int w, int outH, int outW, int[] box) {
    double ax = (double) (box[2] - box[0]) / outW;
    double ay = (double) (box[3] - box[1]) / outH;
    int[] xin = new int[outW];
    double xo = box[0] + ax * 0.5;
    for (int x = 0; x < outW; x++) {
      xin[x] = Math.min(Math.max(coord(xo), 0), w - 1);
      xo += ax;
    }
    int[] from = new int[outH * outW];
    double yo = box[1] + ay * 0.5;
    for (int y = 0; y < outH; y++) {
      int yi = Math.min(Math.max(coord(yo), 0), h - 1);
      for (int x = 0; x < outW; x++) {
        from[y * outW + x] = yi * w + xin[x];
      }
      yo += ay;
    }
    return from;
  }

  private static int coord(double v) {
    return v < 0.0 ? -1 : (int) v;
  }

  /** Pillow's {@code RGBA -> RGBa}: each colour times alpha / 255, rounded as Pillow's {@code MULDIV255}. */
  private static int[] premultiply(int[] in) {
    int[] out = in.clone();
    for (int i = 0; i < in.length; i += 4) {
      int a = in[i + 3];
      for (int k = 0; k < 3; k++) {
        int tmp = in[i + k] * a + 128;
        out[i + k] = ((tmp >> 8) + tmp) >> 8;
      }
    }
    return out;
  }

  /** Pillow's {@code RGBa -> RGBA}: each colour times 255 / alpha (alpha 0 or 255: unchanged). */
  private static int[] unpremultiply(int[] in) {
    int[] out = in.clone();
    for (int i = 0; i < in.length; i += 4) {
      int a = in[i + 3];
      if (a != 0 && a != 255) {
        for (int k = 0; k < 3; k++) {
          out[i + k] = Math.min(255, (255 * in[i + k]) / a);
        }
      }
    }
    return out;
  }
}
