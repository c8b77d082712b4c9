package org.jkeras.preprocessing.image;

import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.ReduceMax;
import org.tensorflow.op.core.ReduceMin;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/**
 * {@link ImageDataGenerator#applyTransform} for a batch of (h, w, c) images, each with its own
 * parameters, as one TF graph run: Keras's {@code apply_affine_transform} (which calls {@code
 * scipy.ndimage.affine_transform}), {@code apply_channel_shift}, {@code flip_axis} and {@code
 * apply_brightness_shift} (Pillow's {@code ImageEnhance.Brightness}).
 *
 * <p>Why a sampler of its own rather than {@code ImageProjectiveTransformV3} (measured against
 * scipy in the parity case {@code image_data_generator}): both interpolate linearly with pixel
 * centres at integer coordinates, but scipy's "constant" gives {@code cval} to any point outside
 * [0, n - 1] where TF's blends the border pixel with the fill value, and scipy's "wrap" repeats with
 * a period of n - 1 (the first and last pixels overlap) where TF's repeats with a period of n; so
 * here each output pixel's four neighbours are gathered with scipy's index rules for every mode
 * ("nearest", "reflect", "wrap", "constant"), positions computed in float64 as scipy does. The flips
 * are folded into the sampling positions; channel shift and brightness follow per image.
 */
final class TransformGraph implements AutoCloseable {
  private final Graph graph = new Graph();
  private final Session session;
  private final int h;
  private final int w;
  private final int c;
  private final Placeholder<TFloat32> images;
  private final Placeholder<TFloat64> matrices;
  private final Placeholder<TFloat32> shifts;
  private final Placeholder<TBool> shifted;
  private final Placeholder<TFloat32> brightness;
  private final Placeholder<TBool> brightened;
  private final Operand<TFloat32> output;
  private final boolean hasChannelShift;
  private final boolean hasBrightness;

  /**
   * @param fillMode scipy's mode: "nearest", "reflect", "wrap" or "constant" (with {@code cval})
   * @param order scipy's spline order: 1 (linear, Keras's default) or 0 (nearest pixel)
   * @param withChannelShift whether a parameter set may shift the channels
   * @param withBrightness whether one may change the brightness. Each adds passes over the whole batch (its min and max,
   *     selects), so a generator that never draws them runs without (measured on 8 pets photos at
   *     224x224: 17 ms per image with both, 6.6 without)
   */
  TransformGraph(int h, int w, int c, String fillMode, double cval, int order, boolean withChannelShift, boolean withBrightness) {
    this.h = h;
    this.w = w;
    this.c = c;
    this.hasChannelShift = withChannelShift;
    this.hasBrightness = withBrightness;
    Ops tf = Ops.create(graph);
    images = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, h, w, c)));
    matrices = tf.placeholder(TFloat64.class, Placeholder.shape(Shape.of(-1, 6)));
    shifts = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
    shifted = tf.placeholder(TBool.class, Placeholder.shape(Shape.of(-1)));
    brightness = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
    brightened = tf.placeholder(TBool.class, Placeholder.shape(Shape.of(-1)));

    // Output pixel positions, row-major: (1, h * w) each.
    double[] rows = new double[h * w];
    double[] cols = new double[h * w];
    for (int i = 0; i < h * w; i++) {
      rows[i] = i / w;
      cols[i] = i % w;
    }
    Operand<TFloat64> r = tf.constant(new double[][] {rows});
    Operand<TFloat64> q = tf.constant(new double[][] {cols});
    Operand<TFloat64> sr = affine(tf, r, q, 0);
    Operand<TFloat64> sc = affine(tf, r, q, 3);
    // Values in float64 as scipy interpolates them (a brightness shift truncates the result to 8 bits:
    // a float32 sum could fall on the other side of a whole level).
    Operand<TFloat64> x = tf.dtypes.cast(tf.reshape(images, tf.constant(new long[] {-1, c})), TFloat64.class);
    Operand<TInt32> n = tf.slice(tf.shape(images), tf.constant(new int[] {0}), tf.constant(new int[] {1}));
    Operand<TInt32> base = tf.math.mul(tf.expandDims(tf.range(tf.constant(0), tf.reshape(n, tf.constant(new int[0])),
        tf.constant(1)), tf.constant(1)), tf.constant(h * w));
    Operand<TFloat64> v;
    Axis ar = new Axis(tf, sr, h, fillMode, order == 0);
    Axis ac = new Axis(tf, sc, w, fillMode, order == 0);
    if (order == 0) {
      v = gather(tf, x, base, ar.i0, ac.i0);
    } else {
      // scipy's order-1 spline: the sum of weight(row) * weight(col) * value over the four neighbours, in this order.
      v = tf.math.add(tf.math.add(tf.math.add(
          weighted(tf, gather(tf, x, base, ar.i0, ac.i0), ar.g, ac.g),
          weighted(tf, gather(tf, x, base, ar.i0, ac.i1), ar.g, ac.f)),
          weighted(tf, gather(tf, x, base, ar.i1, ac.i0), ar.f, ac.g)),
          weighted(tf, gather(tf, x, base, ar.i1, ac.i1), ar.f, ac.f));
    }
    Operand<TFloat32> y = constantFill(tf, tf.dtypes.cast(v, TFloat32.class), ar, ac, fillMode, cval);
    y = tf.reshape(y, tf.constant(new long[] {-1, h, w, c}));
    if (withChannelShift) {
      y = channelShift(tf, y);
    }
    output = withBrightness ? brightnessShift(tf, y) : y;
    session = new Session(graph);
  }

  /** Transforms {@code batch} (n, h, w, c) with one parameter set per image. */
  FloatNdArray apply(FloatNdArray batch, List<TransformParameters> params) {
    int n = params.size();
    double[][] m = new double[n][];
    float[] s = new float[n];
    boolean[] sOn = new boolean[n];
    float[] b = new float[n];
    boolean[] bOn = new boolean[n];
    for (int i = 0; i < n; i++) {
      TransformParameters p = params.get(i);
      m[i] = p.samplingMatrix(h, w);
      sOn[i] = p.channelShiftIntensity() != null;
      s[i] = sOn[i] ? p.channelShiftIntensity().floatValue() : 0f;
      bOn[i] = p.brightness() != null;
      b[i] = bOn[i] ? p.brightness().floatValue() : 1f;
      if ((sOn[i] && !hasChannelShift) || (bOn[i] && !hasBrightness)) {
        throw new IllegalStateException("This transformation graph was built without channel shift or brightness: " + p);
      }
    }
    try (TFloat32 tx = TFloat32.tensorOf(batch);
        TFloat64 tm = TFloat64.tensorOf(Shape.of(n, 6), DataBuffers.of(flat(m)));
        TFloat32 ts = TFloat32.vectorOf(s);
        TBool tso = TBool.vectorOf(sOn);
        TFloat32 tb = TFloat32.vectorOf(b);
        TBool tbo = TBool.vectorOf(bOn);
        Result res = feed(session.runner().feed(images, tx).feed(matrices, tm), ts, tso, tb, tbo).fetch(output).run()) {
      TFloat32 t = (TFloat32) res.get(0);
      FloatNdArray out = NdArrays.ofFloats(t.shape());
      t.copyTo(out);
      return out;
    }
  }

  /** Feeds the shift and brightness placeholders the graph uses (a placeholder outside the fetched graph may go unfed). */
  private Session.Runner feed(Session.Runner runner, TFloat32 ts, TBool tso, TFloat32 tb, TBool tbo) {
    Session.Runner r = runner;
    if (hasChannelShift) {
      r = r.feed(shifts, ts).feed(shifted, tso);
    }
    if (hasBrightness) {
      r = r.feed(brightness, tb).feed(brightened, tbo);
    }
    return r;
  }

  private static double[] flat(double[][] m) {
    double[] f = new double[m.length * 6];
    for (int i = 0; i < m.length; i++) {
      System.arraycopy(m[i], 0, f, 6 * i, 6);
    }
    return f;
  }

  /** One axis's sampling position mapped by scipy's rules: neighbour indices i0, i1, weight f of i1, and whether inside. */
  private static final class Axis {
    final Operand<TInt32> i0;
    final Operand<TInt32> i1;
    /** Weights of i1 and i0: (n, h w). */
    final Operand<TFloat64> f;
    final Operand<TFloat64> g;
    final Operand<TBool> inside;

    Axis(Ops tf, Operand<TFloat64> s, int len, String mode, boolean nearestPixel) {
      Operand<TFloat64> last = tf.constant((double) (len - 1));
      Operand<TFloat64> zero = tf.constant(0.0);
      inside = tf.math.logicalAnd(tf.math.greaterEqual(s, zero), tf.math.lessEqual(s, last));
      Operand<TFloat64> p;
      switch (mode) {
        case "wrap": // period len - 1: positions inside are kept (the overlapping end pixel included)
          p = len == 1 ? tf.zerosLike(s) : tf.select(inside, s, tf.math.floorMod(s, last));
          break;
        case "reflect": // half-sample symmetric, applied to the neighbours' integer indices below
          p = s;
          break;
        default: // "nearest" and "constant" (masked afterwards): clamped
          p = tf.clipByValue(s, zero, last);
      }
      if (nearestPixel) {
        p = tf.math.floor(tf.math.add(p, tf.constant(0.5)));
      }
      Operand<TFloat64> lo = tf.math.floor(p);
      Operand<TInt32> k0 = tf.dtypes.cast(lo, TInt32.class);
      Operand<TInt32> k1 = tf.math.add(k0, tf.constant(1));
      f = tf.math.sub(p, lo);
      g = tf.math.sub(tf.constant(1.0), f);
      if (mode.equals("reflect")) {
        i0 = reflect(tf, k0, len);
        i1 = reflect(tf, k1, len);
      } else {
        i0 = tf.math.minimum(k0, tf.constant(len - 1));
        i1 = tf.math.minimum(k1, tf.constant(len - 1));
      }
    }

    /** (d c b a | a b c d | d c b a): index k mod 2 len, folded back. */
    private static Operand<TInt32> reflect(Ops tf, Operand<TInt32> k, int len) {
      Operand<TInt32> m = tf.math.floorMod(k, tf.constant(2 * len));
      return tf.select(tf.math.greaterEqual(m, tf.constant(len)), tf.math.sub(tf.constant(2 * len - 1), m), m);
    }
  }

  private Operand<TFloat64> affine(Ops tf, Operand<TFloat64> r, Operand<TFloat64> q, int k) {
    Operand<TFloat64> a = column(tf, k);
    Operand<TFloat64> b = column(tf, k + 1);
    Operand<TFloat64> o = column(tf, k + 2);
    return tf.math.add(tf.math.add(tf.math.mul(a, r), tf.math.mul(b, q)), o);
  }

  /** Column k of the (n, 6) matrices as (n, 1). */
  private Operand<TFloat64> column(Ops tf, int k) {
    return tf.slice(matrices, tf.constant(new int[] {0, k}), tf.constant(new int[] {-1, 1}));
  }

  /** Rows of the flattened (n h w, c) batch at (image, i, j): (n h w, c). */
  private Operand<TFloat64> gather(Ops tf, Operand<TFloat64> x, Operand<TInt32> base, Operand<TInt32> i, Operand<TInt32> j) {
    Operand<TInt32> idx = tf.math.add(base, tf.math.add(tf.math.mul(i, tf.constant(w)), j));
    return tf.gather(x, tf.reshape(idx, tf.constant(new int[] {-1})), tf.constant(0));
  }

  private static Operand<TFloat64> weighted(Ops tf, Operand<TFloat64> v, Operand<TFloat64> wr, Operand<TFloat64> wc) {
    return tf.math.mul(tf.reshape(tf.math.mul(wr, wc), tf.constant(new int[] {-1, 1})), v);
  }

  /** scipy's "constant": {@code cval} wherever the position falls outside the image on either axis. */
  private static Operand<TFloat32> constantFill(Ops tf, Operand<TFloat32> y, Axis ar, Axis ac, String mode, double cval) {
    if (!mode.equals("constant")) {
      return y;
    }
    Operand<TBool> inside = tf.reshape(tf.math.logicalAnd(ar.inside, ac.inside), tf.constant(new int[] {-1, 1}));
    return tf.select(inside, y, tf.fill(tf.shape(y), tf.constant((float) cval)));
  }

  /** {@code apply_channel_shift}: every channel + intensity, clipped to the image's own min and max. */
  private Operand<TFloat32> channelShift(Ops tf, Operand<TFloat32> y) {
    Operand<TInt32> axes = tf.constant(new int[] {1, 2, 3});
    Operand<TFloat32> lo = tf.reduceMin(y, axes, ReduceMin.keepDims(true));
    Operand<TFloat32> hi = tf.reduceMax(y, axes, ReduceMax.keepDims(true));
    Operand<TFloat32> shifted = tf.math.minimum(tf.math.maximum(tf.math.add(y, perImage(tf, shifts)), lo), hi);
    return tf.select(perImageBool(tf, this.shifted, y), shifted, y);
  }

  /**
   * {@code apply_brightness_shift(x, brightness, scale=False)}: the image made 8-bit as {@code
   * array_to_img} does (truncated; first stretched to 0..255 when its values leave that range),
   * Pillow's blend with black ({@code trunc(float(b) * v)}, clipped to 0..255; an alpha channel
   * kept), back to float and, when stretched, back to the original range.
   */
  private Operand<TFloat32> brightnessShift(Ops tf, Operand<TFloat32> y) {
    Operand<TInt32> axes = tf.constant(new int[] {1, 2, 3});
    Operand<TFloat32> lo = tf.reduceMin(y, axes, ReduceMin.keepDims(true));
    Operand<TFloat32> hi = tf.reduceMax(y, axes, ReduceMax.keepDims(true));
    Operand<TBool> stretch = tf.math.logicalOr(tf.math.less(lo, tf.constant(0f)), tf.math.greater(hi, tf.constant(255f)));
    Operand<TFloat32> span = tf.math.sub(hi, lo);
    Operand<TFloat32> scaled = tf.math.mul(tf.math.divNoNan(tf.math.sub(y, lo), span), tf.constant(255f));
    Operand<TFloat32> v = tf.math.floor(tf.select(stretch, scaled, y));
    Operand<TFloat32> blended = tf.clipByValue(tf.math.floor(tf.math.mul(v, perImage(tf, brightness))), tf.constant(0f),
        tf.constant(255f));
    if (c == 4) { // Pillow's Brightness keeps the alpha band
      blended = tf.concat(List.of(tf.slice(blended, tf.constant(new int[] {0, 0, 0, 0}), tf.constant(new int[] {-1, -1, -1, 3})),
          tf.slice(v, tf.constant(new int[] {0, 0, 0, 3}), tf.constant(new int[] {-1, -1, -1, 1}))), tf.constant(3));
    }
    Operand<TFloat32> back = tf.math.add(tf.math.mul(tf.math.div(blended, tf.constant(255f)), span), lo);
    Operand<TFloat32> out = tf.select(stretch, back, blended);
    return tf.select(perImageBool(tf, brightened, y), out, y);
  }

  private static Operand<TFloat32> perImage(Ops tf, Operand<TFloat32> v) {
    return tf.reshape(v, tf.constant(new int[] {-1, 1, 1, 1}));
  }

  private static Operand<TBool> perImageBool(Ops tf, Operand<TBool> v, Operand<TFloat32> like) {
    return tf.broadcastTo(tf.reshape(v, tf.constant(new int[] {-1, 1, 1, 1})), tf.shape(like));
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
