package org.jkeras.layers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.Shapes;
import org.jkeras.kwargs.Args;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code Concatenate(axis=-1)}, a {@link Merge} layer: its inputs joined along {@code
 * axis}; every other dimension must match. {@code new Concatenate().apply(x, y)}.
 */
public class Concatenate extends Merge {
  private final int axis;

  public Concatenate() {
    this(-1);
  }

  public Concatenate(int axis) {
    this.axis = axis;
  }

  public int axis() {
    return axis;
  }

  /** Keras raises when a merge layer is called on one tensor rather than a list. */
  @Override
  public KerasTensor apply(KerasTensor input, Args.CallArg... kwargs) {
    throw new IllegalArgumentException("A `Concatenate` layer should be called on a list of at least 1 input. Received: input_shape="
        + Shapes.format(input.shape()));
  }

  /** The inputs are of one rank: {@link #computeOutputShapes} has checked it. */
  @Override
  protected Operand<TFloat32> merge(Ops tf, List<Operand<TFloat32>> inputs) {
    return tf.concat(inputs, tf.constant(axis));
  }

  @Override
  public List<Shape> computeOutputShapes(List<Shape> inputShapes) {
    return List.of(outputShape(inputShapes));
  }

  private Shape outputShape(List<Shape> shapes) {
    int rank = shapes.get(0).numDimensions();
    int a = axis < 0 ? axis + rank : axis;
    boolean ok = a >= 0 && a < rank;
    long[] out = shapes.get(0).asArray().clone();
    for (Shape s : shapes.subList(1, shapes.size())) {
      ok &= s.numDimensions() == rank;
      for (int i = 0; ok && i < rank; i++) {
        long d = s.get(i);
        if (i == a) {
          out[i] = out[i] < 0 || d < 0 ? -1 : out[i] + d;
        } else if (out[i] >= 0 && d >= 0 && out[i] != d) {
          ok = false;
        } else if (out[i] < 0) {
          out[i] = d;
        }
      }
    }
    if (!ok) {
      throw new IllegalArgumentException("A `Concatenate` layer requires inputs with matching shapes except for the"
          + " concatenation axis. Received: input_shape=" + Merge.formatAll(shapes));
    }
    return Shape.of(out);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("axis", axis);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static Concatenate fromConfig(Map<String, Object> config) {
    Config c = Config.of("Concatenate", config);
    return withBaseConfig(new Concatenate(c.getInt("axis", -1)), c);
  }
}
