package org.jkeras.preprocessing.image;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TNumber;

/**
 * One affine warp shared by a whole batch, bilinear with a constant 0 border ({@code
 * cv2.warpAffine}'s defaults), written as a sparse matrix product: each output pixel is a weighted
 * sum of at most four input pixels, the same four and weights for every image and channel. The
 * (output pixels x input pixels) matrix is built in the graph from the inverse transform (sampling
 * positions in float64, as OpenCV computes them in double; Grappler folds it to constants), then
 * {@code SparseTensorDenseMatMul} warps every image and channel of the batch at once, one product
 * per band of output rows (that kernel runs on one thread; the bands run on the cores side by side).
 *
 * <p>The result is what {@code ImageProjectiveTransformV3} (bilinear, constant 0) gives, at 2 to 3
 * times its speed on a batch on these 2-core machines: that op recomputes the sampling position
 * for every channel of every image.
 */
final class BilinearWarp {
  /**
   * The largest canvas (in output pixels) warped this way: its sparse matrix takes about 100
   * bytes per output pixel while the graph runs (512 x 512: ~26 MB).
   */
  static final long MAX_PIXELS = 512L * 512L;

  /** Row bands the product is split into: on these 2-core machines 4 beat 2 (better balanced) and 8. */
  static final int SPLITS = 4;

  private BilinearWarp() {}

  /**
   * Warps {@code batch} (n, h, w, c) onto an (outH, outW) canvas: output pixel (x, y) reads the
   * input at (t[0] x + t[1] y + t[2], t[3] x + t[4] y + t[5]). float32 in, float32 out; uint8 in,
   * uint8 out, rounded half up (OpenCV's fixed-point rounding; a convex combination of 0..255
   * values needs no clipping).
   */
  @SuppressWarnings("unchecked")
  static <T extends TNumber> Operand<T> apply(Ops tf, Operand<T> batch, double[] t, int outH, int outW) {
    long h = batch.shape().get(1);
    long w = batch.shape().get(2);
    long c = batch.shape().get(3);
    long p = (long) outH * outW;
    // Sampling positions of every output pixel, row-major, in float64.
    Operand<TFloat64> xs = tf.reshape(tf.tile(tf.expandDims(tf.range(tf.constant(0.0), tf.constant((double) outW),
        tf.constant(1.0)), tf.constant(0)), tf.constant(new int[] {outH, 1})), tf.constant(new long[] {-1}));
    Operand<TFloat64> ys = tf.reshape(tf.tile(tf.expandDims(tf.range(tf.constant(0.0), tf.constant((double) outH),
        tf.constant(1.0)), tf.constant(1)), tf.constant(new int[] {1, outW})), tf.constant(new long[] {-1}));
    Operand<TFloat64> sx = affine(tf, xs, ys, t[0], t[1], t[2]);
    Operand<TFloat64> sy = affine(tf, xs, ys, t[3], t[4], t[5]);
    Operand<TFloat64> x0 = tf.math.floor(sx);
    Operand<TFloat64> y0 = tf.math.floor(sy);
    Operand<TFloat64> fx = tf.math.sub(sx, x0);
    Operand<TFloat64> fy = tf.math.sub(sy, y0);
    Operand<TFloat64> gx = tf.math.sub(tf.constant(1.0), fx);
    Operand<TFloat64> gy = tf.math.sub(tf.constant(1.0), fy);
    Operand<TInt64> rows = tf.range(tf.constant(0L), tf.constant(p), tf.constant(1L));
    Operand<TInt64> xi = tf.dtypes.cast(x0, TInt64.class);
    Operand<TInt64> yi = tf.dtypes.cast(y0, TInt64.class);
    List<Operand<TInt64>> idx = new ArrayList<>();
    List<Operand<TFloat32>> vals = new ArrayList<>();
    int[][] corners = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    for (int[] d : corners) {
      Operand<TInt64> yy = tf.math.add(yi, tf.constant((long) d[0]));
      Operand<TInt64> xx = tf.math.add(xi, tf.constant((long) d[1]));
      Operand<TBool> inside = tf.math.logicalAnd(
          tf.math.logicalAnd(tf.math.greaterEqual(yy, tf.constant(0L)), tf.math.less(yy, tf.constant(h))),
          tf.math.logicalAnd(tf.math.greaterEqual(xx, tf.constant(0L)), tf.math.less(xx, tf.constant(w))));
      Operand<TFloat64> weight = tf.math.mul(d[0] == 0 ? gy : fy, d[1] == 0 ? gx : fx);
      // A neighbour outside the image reads the border value 0: weight 0 (on any valid column).
      Operand<TInt64> col = tf.select(inside, tf.math.add(tf.math.mul(yy, tf.constant(w)), xx), tf.zerosLike(yy));
      vals.add(tf.dtypes.cast(tf.select(inside, weight, tf.zerosLike(weight)), TFloat32.class));
      idx.add(tf.stack(List.of(rows, col), Stack.axis(1L)));
    }
    // Rows in increasing order (each output pixel's four entries together), as the kernel prefers.
    Operand<TInt64> indices = tf.reshape(tf.stack(idx, Stack.axis(1L)), tf.constant(new long[] {-1, 2}));
    Operand<TFloat32> values = tf.reshape(tf.stack(vals, Stack.axis(1L)), tf.constant(new long[] {-1}));
    // Pixels as rows, (channel, image) as columns: (h * w, c * n). The columns' order does not
    // change the sums; this one makes both layout changes plain 2-D transposes, (n, h * w * c) to
    // (h * w * c, n) and back, which run several times faster than a 3-D one that keeps the small
    // channel axis last. Transposed before the cast (fewer bytes to move for uint8).
    Operand<T> x = tf.reshape(tf.linalg.transpose(tf.reshape(batch, tf.constant(new long[] {-1, h * w * c})),
        tf.constant(new int[] {1, 0})), tf.constant(new long[] {h * w, -1}));
    Operand<TFloat32> xf = ImageTensors.toFloat(tf, x);
    // TF's CPU SparseTensorDenseMatMul runs on one thread: the output rows in SPLITS bands, one
    // product each, keep every core busy (the same entries, in the same order, for every row).
    List<Operand<T>> bands = new ArrayList<>();
    long from = 0;
    for (int k = 0; k < SPLITS; k++) {
      long to = p * (k + 1) / SPLITS;
      if (to == from) {
        continue;
      }
      Operand<TInt64> bandIdx = tf.math.sub(tf.slice(indices, tf.constant(new long[] {4 * from, 0}),
          tf.constant(new long[] {4 * (to - from), 2})), tf.constant(new long[] {from, 0}));
      Operand<TFloat32> bandVals = tf.slice(values, tf.constant(new long[] {4 * from}), tf.constant(new long[] {4 * (to - from)}));
      Operand<TFloat32> y = tf.sparse.sparseTensorDenseMatMul(bandIdx, bandVals, tf.constant(new long[] {to - from, h * w}), xf);
      if (batch.type() == TFloat32.class) {
        bands.add((Operand<T>) y);
      } else {
        // A convex combination of 0..255 values: y + 0.5 >= 0, and truncation is floor.
        bands.add(tf.dtypes.cast(tf.math.add(y, tf.constant(0.5f)), batch.type()));
      }
      from = to;
    }
    Operand<T> yt = bands.size() == 1 ? bands.get(0) : tf.concat(bands, tf.constant(0));
    Operand<T> nyc = tf.linalg.transpose(tf.reshape(yt, tf.constant(new long[] {p * c, -1})),
        tf.constant(new int[] {1, 0}));
    return tf.reshape(nyc, tf.constant(new long[] {-1, outH, outW, c}));
  }

  private static Operand<TFloat64> affine(Ops tf, Operand<TFloat64> xs, Operand<TFloat64> ys, double a, double b,
      double c) {
    return tf.math.add(tf.math.add(tf.math.mul(xs, tf.constant(a)), tf.math.mul(ys, tf.constant(b))), tf.constant(c));
  }
}
