package org.jkeras.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.DTypes;
import org.jkeras.backend.Shapes;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Keras's {@code Dot(axes, normalize=False)}: the dot product of two tensors sample by sample
 * (Keras's {@code batch_dot}), summing {@code axes[0]} of the first against {@code axes[1]} of the
 * second; with {@code normalize}, each is L2-normalised along that axis first (a cosine
 * similarity). {@code new Dot(1).apply(x, y)} of two (batch, 3) tensors is (batch, 1).
 */
public class Dot extends Layer {
  private final int[] axes;
  private final boolean normalize;

  /** {@code Dot(axes=a)}: the same axis of both inputs. */
  public Dot(int axes) {
    this(new int[] {axes, axes}, false);
  }

  /** {@code Dot(axes=(a, b), normalize=...)}. */
  public Dot(int[] axes, boolean normalize) {
    if (axes == null || axes.length != 2) {
      throw new IllegalArgumentException("Invalid format for argument `axes`: expected an int or a list of 2 ints. Received: axes="
          + Arrays.toString(axes));
    }
    this.axes = axes.clone();
    this.normalize = normalize;
  }

  public Dot normalize(boolean normalize) {
    return new Dot(axes, normalize);
  }

  /** The two axes, each as given (negative counts from the end). */
  public int[] axes() {
    return axes.clone();
  }

  private int[] positiveAxes(Shape a, Shape b) {
    return new int[] {Math.floorMod(axes[0], a.numDimensions()), Math.floorMod(axes[1], b.numDimensions())};
  }

  @Override
  protected void validateInputShapes(List<Shape> inputShapes) {
    if (inputShapes.size() != 2) {
      throw new IllegalArgumentException("A `Dot` layer should be called on a list of 2 inputs. Received: input_shape="
          + Merge.formatAll(inputShapes));
    }
    outputShape(inputShapes.get(0), inputShapes.get(1));
  }

  @Override
  public void build(List<Shape> inputShapes) {}

  @Override
  public List<Operand<TFloat32>> call(CallContext ctx, List<Operand<TFloat32>> inputs) {
    Ops tf = ctx.tf();
    Operand<TFloat32> x = inputs.get(0);
    Operand<TFloat32> y = inputs.get(1);
    int[] ax = positiveAxes(x.shape(), y.shape());
    if (normalize) {
      x = l2Normalize(tf, x, ax[0]);
      y = l2Normalize(tf, y, ax[1]);
    }
    // batch_dot as one BatchMatMul: x to (batch, rest, k), y to (batch, k, rest), then back.
    Operand<TFloat32> xm = tf.reshape(moveAxis(tf, x, ax[0], x.shape().numDimensions() - 1),
        tf.constant(new long[] {-1, restSize(x.shape(), ax[0]), x.shape().get(ax[0])}));
    Operand<TFloat32> ym = tf.reshape(moveAxis(tf, y, ax[1], 1),
        tf.constant(new long[] {-1, y.shape().get(ax[1]), restSize(y.shape(), ax[1])}));
    Operand<TFloat32> z = batchMatMul(tf, xm, ym);
    Shape out = outputShape(x.shape(), y.shape());
    long[] dims = out.asArray().clone();
    dims[0] = -1;
    return List.of(tf.reshape(z, tf.constant(dims)));
  }

  /** Keras's {@code normalize(x, axis)}: x / sqrt(max(sum(x^2), 1e-12)) along {@code axis}. */
  private static Operand<TFloat32> l2Normalize(Ops tf, Operand<TFloat32> x, int axis) {
    Operand<TFloat32> sq = tf.reduceSum(tf.math.square(x), tf.constant(axis), ReduceSum.keepDims(true));
    return tf.math.mul(x, tf.math.rsqrt(tf.math.maximum(sq, DTypes.constantLike(tf, 1e-12, x))));
  }

  /**
   * TF's BatchMatMulV3 (the op TF Java has, with a gradient) in the inputs' dtype; its CPU kernels
   * have bfloat16 but not float16 (Python's {@code tf.matmul} takes BatchMatMulV2 there), so a
   * float16 product is taken in float32 and rounded to float16.
   */
  private static Operand<TFloat32> batchMatMul(Ops tf, Operand<TFloat32> x, Operand<TFloat32> y) {
    String dtype = DTypes.dtypeOf(x);
    if ("float16".equals(dtype)) {
      Operand<TFloat32> z = tf.train.batchMatMul(DTypes.toFloat32(tf, x), DTypes.toFloat32(tf, y), TFloat32.class);
      return DTypes.cast(tf, z, dtype);
    }
    return tf.train.batchMatMul(x, y, x.asOutput().type());
  }

  /** {@code x} with axis {@code from} moved to position {@code to}, the others in order. */
  private static Operand<TFloat32> moveAxis(Ops tf, Operand<TFloat32> x, int from, int to) {
    int rank = x.shape().numDimensions();
    List<Integer> perm = new ArrayList<>();
    for (int i = 0; i < rank; i++) {
      if (i != from) {
        perm.add(i);
      }
    }
    perm.add(to, from);
    Operand<TInt32> p = tf.constant(perm.stream().mapToInt(Integer::intValue).toArray());
    return tf.linalg.transpose(x, p);
  }

  private static long restSize(Shape s, int axis) {
    long n = 1;
    for (int i = 1; i < s.numDimensions(); i++) {
      if (i != axis) {
        n *= s.get(i);
      }
    }
    return n;
  }

  @Override
  public List<Shape> computeOutputShapes(List<Shape> inputShapes) {
    return List.of(outputShape(inputShapes.get(0), inputShapes.get(1)));
  }

  /** Keras's rule: the first shape without its axis, then the second without its axis and batch; rank 1 gains a 1. */
  private Shape outputShape(Shape a, Shape b) {
    int[] ax = positiveAxes(a, b);
    long da = a.get(ax[0]);
    long db = b.get(ax[1]);
    if (da >= 0 && db >= 0 && da != db) {
      throw new IllegalArgumentException("Incompatible input shapes: axis values " + da + " (at axis " + ax[0] + ") != "
          + db + " (at axis " + ax[1] + "). Full input shapes: " + Shapes.format(a) + ", " + Shapes.format(b));
    }
    for (int i = 1; i < a.numDimensions(); i++) {
      if (i != ax[0] && a.get(i) < 0) {
        throw new IllegalArgumentException("Layer \"" + name() + "\" needs known non-batch dimensions. Received: "
            + Shapes.format(a));
      }
    }
    List<Long> dims = new ArrayList<>();
    for (int i = 0; i < a.numDimensions(); i++) {
      if (i != ax[0]) {
        dims.add(a.get(i));
      }
    }
    for (int i = 1; i < b.numDimensions(); i++) {
      if (i != ax[1]) {
        dims.add(b.get(i));
      }
    }
    if (dims.size() == 1) {
      dims.add(1L);
    }
    return Shape.of(dims.stream().mapToLong(Long::longValue).toArray());
  }

  /** Computes in any float dtype (mixed precision): both inputs cast to it, the normalisation's epsilon in their dtype. */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("axes", axes[0] == axes[1] ? (Object) axes[0] : List.of(axes[0], axes[1]));
    c.put("normalize", normalize);
    return c;
  }

  /** Keras's {@code from_config}: {@code axes} one int or two. */
  public static Dot fromConfig(Map<String, Object> config) {
    Config c = Config.of("Dot", config);
    int[] axes = c.getInts("axes");
    return withBaseConfig(new Dot(axes.length == 1 ? new int[] {axes[0], axes[0]} : axes, c.getBoolean("normalize", false)), c);
  }
}
