package org.jkeras.preprocessing.image;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TNumber;

/**
 * One affine warp shared by a whole batch, bilinear with a constant 0 border ({@code
 * cv2.warpAffine}'s defaults), written as a sparse matrix product: each output pixel is a weighted
 * sum of at most four input pixels, the same four and weights for every image and channel. The
 * (output pixels x input pixels) matrix is computed once, when the graph is built, from the inverse
 * transform (sampling positions in float64, as OpenCV computes them in double) and held as
 * constants of the graph, then {@code SparseTensorDenseMatMul} warps every image and channel of the
 * batch at once, one product per band of output rows (that kernel runs on one thread; the bands run
 * on the cores side by side).
 *
 * <p>The result is what {@code ImageProjectiveTransformV3} (bilinear, constant 0) gives, at 2 to 3
 * times its speed on a batch on these 2-core machines: that op recomputes the sampling position
 * for every channel of every image.
 */
final class BilinearWarp {
  /**
   * The largest canvas (in output pixels) warped this way: its sparse matrix takes 80 bytes per
   * output pixel in the graph, and as much in the session's constants (512 x 512: ~21 MB each).
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
    // The matrix's entries, row-major over the output pixels, four per row: the neighbours (0, 0),
    // (0, 1), (1, 0), (1, 1) of the sampling position, computed in float64 (as OpenCV does) with the
    // operations and in the order the graph did when it built them; a neighbour outside the image
    // reads the border value 0: weight 0 on column 0. Computed here once: as graph ops from
    // constants they ran again on every run (Grappler does not fold them, and jkeras's sessions run
    // without TF's classic constant folding, see GraphContext#sessionConfig), 1.8 times the warp's time.
    long[] indices = new long[Math.toIntExact(8 * p)];
    float[] values = new float[Math.toIntExact(4 * p)];
    for (int y = 0; y < outH; y++) {
      for (int x = 0; x < outW; x++) {
        int row = y * outW + x;
        double sx = x * t[0] + y * t[1] + t[2];
        double sy = x * t[3] + y * t[4] + t[5];
        double x0 = Math.floor(sx);
        double y0 = Math.floor(sy);
        double fx = sx - x0;
        double fy = sy - y0;
        double gx = 1.0 - fx;
        double gy = 1.0 - fy;
        for (int k = 0; k < 4; k++) {
          int dy = k >> 1;
          int dx = k & 1;
          long yy = (long) y0 + dy;
          long xx = (long) x0 + dx;
          boolean inside = yy >= 0 && yy < h && xx >= 0 && xx < w;
          int e = 4 * row + k;
          indices[2 * e] = row;
          indices[2 * e + 1] = inside ? yy * w + xx : 0;
          values[e] = inside ? (float) ((dy == 0 ? gy : fy) * (dx == 0 ? gx : fx)) : 0f;
        }
      }
    }
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
      int n = Math.toIntExact(4 * (to - from));
      long[] bandRows = Arrays.copyOfRange(indices, Math.toIntExact(8 * from), Math.toIntExact(8 * to));
      for (int e = 0; e < n; e++) {
        bandRows[2 * e] -= from;
      }
      Operand<TInt64> bandIdx = tf.constant(Shape.of(n, 2), DataBuffers.of(bandRows, true, false));
      Operand<TFloat32> bandVals = tf.constant(Shape.of(n),
          DataBuffers.of(Arrays.copyOfRange(values, Math.toIntExact(4 * from), Math.toIntExact(4 * to)), true, false));
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
}
