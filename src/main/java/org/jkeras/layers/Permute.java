package org.jkeras.layers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.Shapes;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code Permute(dims)}: permutes the sample axes, numbered from 1 (the batch axis stays
 * first): {@code new Permute(2, 1)} swaps the two axes of a (batch, a, b) input.
 */
public class Permute extends Layer {
  private final int[] dims;

  public Permute(int... dims) {
    int[] sorted = dims == null ? new int[0] : dims.clone();
    Arrays.sort(sorted);
    boolean ok = sorted.length > 0;
    for (int i = 0; i < sorted.length; i++) {
      ok &= sorted[i] == i + 1;
    }
    if (!ok) {
      throw new IllegalArgumentException("Invalid permutation argument `dims` for Permute Layer. The set of indices in"
          + " `dims` must be consecutive and start from 1. Received dims=" + Arrays.toString(dims));
    }
    this.dims = dims.clone();
  }

  @Override
  public Permute name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public Permute inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  public int[] dims() {
    return dims.clone();
  }

  @Override
  protected void validateInputShape(Shape inputShape) {
    if (inputShape.numDimensions() != dims.length + 1) {
      throw new IllegalArgumentException("Input 0 of layer \"" + name() + "\" is incompatible with the layer: expected"
          + " ndim=" + (dims.length + 1) + ", found ndim=" + inputShape.numDimensions() + ". Full shape received: "
          + Shapes.format(inputShape));
    }
  }

  @Override
  protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    int[] perm = new int[dims.length + 1];
    System.arraycopy(dims, 0, perm, 1, dims.length);
    return tf.linalg.transpose(x, tf.constant(perm));
  }

  /** Computes in any float dtype (mixed precision): a transpose. */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    long[] out = new long[dims.length + 1];
    out[0] = inputShape.get(0);
    for (int i = 0; i < dims.length; i++) {
      out[i + 1] = inputShape.get(dims[i]);
    }
    return Shape.of(out);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("dims", Configs.list(dims));
    return c;
  }

  /** Keras's {@code from_config}. */
  public static Permute fromConfig(Map<String, Object> config) {
    Config c = Config.of("Permute", config);
    return withBaseConfig(new Permute(c.getInts("dims")), c);
  }
}
