package org.jkeras.layers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.Shapes;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras's {@code RepeatVector(n)}: a (batch, features) input repeated to (batch, n, features). */
public class RepeatVector extends Layer {
  private final int n;

  public RepeatVector(int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("Argument `n` should be a positive integer. Received: n=" + n);
    }
    this.n = n;
  }

  @Override
  public RepeatVector name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public RepeatVector inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  public int n() {
    return n;
  }

  @Override
  protected void validateInputShape(Shape inputShape) {
    if (inputShape.numDimensions() != 2) {
      throw new IllegalArgumentException("Input 0 of layer \"" + name() + "\" is incompatible with the layer: expected"
          + " ndim=2, found ndim=" + inputShape.numDimensions() + ". Full shape received: " + Shapes.format(inputShape));
    }
  }

  @Override
  protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    return tf.tile(tf.expandDims(x, tf.constant(1)), tf.constant(new int[] {1, n, 1}));
  }

  /** Computes in any float dtype (mixed precision): a tile. */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    return Shape.of(inputShape.get(0), n, inputShape.get(1));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("n", n);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static RepeatVector fromConfig(Map<String, Object> config) {
    Config c = Config.of("RepeatVector", config);
    return withBaseConfig(new RepeatVector(c.getInt("n")), c);
  }
}
