package org.jkeras.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.Shapes;
import org.jkeras.kwargs.Args;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's merge layers, called on a list of tensors ({@code layer.apply(x, y)}). The element-wise
 * ones ({@code Add}, {@code Subtract}, {@code Multiply}, {@code Average}, {@code Maximum}, {@code
 * Minimum}) follow Keras's shape rules here: non-batch dimensions broadcast from the right (a 1
 * stretches, an unknown size stays unknown), an input of lower rank gains axes at position 1, and
 * known batch sizes must agree. {@code Concatenate} has its own rule.
 */
public abstract class Merge extends Layer {

  /** Combines the inputs, already of one rank. */
  protected abstract Operand<TFloat32> merge(Ops tf, List<Operand<TFloat32>> inputs);

  /** Keras raises when a merge layer is called on one tensor rather than a list. */
  @Override
  public KerasTensor apply(KerasTensor input, Args.CallArg... kwargs) {
    throw new IllegalArgumentException("A merge layer should be called on a list of inputs. Received: input_shape="
        + Shapes.format(input.shape()) + " (not a list of shapes)");
  }

  /** The shape rules of {@link #computeOutputShapes} are the checks: they throw Keras's errors. */
  @Override
  protected void validateInputShapes(List<Shape> inputShapes) {
    computeOutputShapes(inputShapes);
  }

  @Override
  public void build(List<Shape> inputShapes) {}

  @Override
  public List<Operand<TFloat32>> call(CallContext ctx, List<Operand<TFloat32>> inputs) {
    Ops tf = ctx.tf();
    int rank = 0;
    for (Operand<TFloat32> x : inputs) {
      rank = Math.max(rank, x.shape().numDimensions());
    }
    List<Operand<TFloat32>> same = new ArrayList<>();
    for (Operand<TFloat32> x : inputs) {
      Operand<TFloat32> y = x;
      for (int r = x.shape().numDimensions(); r < rank; r++) {
        y = tf.expandDims(y, tf.constant(1));
      }
      same.add(y);
    }
    return List.of(merge(tf, same));
  }

  /** Computes in any float dtype (mixed precision): sums, products, extrema, means and concatenations of its inputs. */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  public List<Shape> computeOutputShapes(List<Shape> inputShapes) {
    return List.of(outputShape(inputShapes));
  }

  /** Keras's {@code _compute_elemwise_op_output_shape} over all inputs, with its errors. */
  private Shape outputShape(List<Shape> shapes) {
    Long batch = null;
    for (Shape s : shapes) {
      long b = s.get(0);
      if (b >= 0) {
        if (batch != null && batch != b) {
          throw new IllegalArgumentException("Cannot merge tensors with different batch sizes. Received tensors with shapes "
              + formatAll(shapes));
        }
        batch = b;
      }
    }
    int rank = 0;
    for (Shape s : shapes) {
      rank = Math.max(rank, s.numDimensions());
    }
    long[] out = sample(shapes.get(0), rank);
    for (int k = 1; k < shapes.size(); k++) {
      long[] next = sample(shapes.get(k), rank);
      for (int i = 0; i < out.length; i++) {
        out[i] = broadcast(out[i], next[i], shapes.get(0), shapes.get(k));
      }
    }
    long[] dims = new long[rank];
    dims[0] = batch == null ? -1 : batch;
    System.arraycopy(out, 0, dims, 1, out.length);
    return Shape.of(dims);
  }

  /** The non-batch dimensions, with axes of size 1 added at position 1 up to {@code rank}. */
  private static long[] sample(Shape s, int rank) {
    long[] out = new long[rank - 1];
    int pad = rank - s.numDimensions();
    Arrays.fill(out, 0, pad, 1);
    for (int i = 1; i < s.numDimensions(); i++) {
      out[pad + i - 1] = s.get(i);
    }
    return out;
  }

  private static long broadcast(long a, long b, Shape sa, Shape sb) {
    if (a == 1) {
      return b;
    }
    if (b == 1) {
      return a;
    }
    if (a < 0 || b < 0) {
      return -1;
    }
    if (a != b) {
      throw new IllegalArgumentException("Inputs have incompatible shapes. Received shapes " + Shapes.format(Shapes.sample(sa))
          + " and " + Shapes.format(Shapes.sample(sb)));
    }
    return a;
  }

  static String formatAll(List<Shape> shapes) {
    List<String> out = new ArrayList<>();
    for (Shape s : shapes) {
      out.add(Shapes.format(s));
    }
    return "[" + String.join(", ", out) + "]";
  }
}
