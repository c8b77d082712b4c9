package org.jkeras.layers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.Shapes;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Keras's {@code Dense(units, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
 * bias_initializer="zeros", ...)}: {@code activation(x @ kernel + bias)} on the last axis. The kernel
 * has shape (input_dim, units). The arguments it shares with the convolutions are in {@link
 * KernelLayer}.
 *
 * <pre>{@code new Dense(512).activation("relu")}</pre>
 */
public class Dense extends KernelLayer<Dense> {
  private final int units;

  public Dense(int units) {
    this.units = Configs.positive("units", units);
  }

  @Override
  protected Dense self() {
    return this;
  }

  public int units() {
    return units;
  }

  @Override
  protected void validateInputShape(Shape inputShape) {
    if (inputShape.numDimensions() < 2 || inputShape.get(inputShape.numDimensions() - 1) < 0) {
      throw new IllegalArgumentException(
          "Input 0 of layer \"" + name() + "\" is incompatible with the layer: expected min_ndim=2 with a known last axis."
              + " Full shape received: " + Shapes.format(inputShape));
    }
  }

  @Override
  protected Shape kernelShape(Shape inputShape) {
    return Shape.of(inputShape.get(inputShape.numDimensions() - 1), units);
  }

  @Override
  protected long outputChannels(Shape inputShape) {
    return units;
  }

  @Override
  protected Operand<TFloat32> core(CallContext ctx, Operand<TFloat32> x, Operand<TFloat32> kernel) {
    Ops tf = ctx.tf();
    int rank = x.shape().numDimensions();
    if (rank == 2) {
      return tf.linalg.matMul(x, kernel);
    }
    // Any rank: contract the last axis, keep the others.
    long inputDim = kernel.shape().get(0);
    Operand<TFloat32> flat = tf.reshape(x, tf.constant(new long[] {-1, inputDim}));
    Operand<TFloat32> out = tf.linalg.matMul(flat, kernel);
    Operand<TInt64> leading = tf.slice(tf.shape(x, TInt64.class), tf.constant(new long[] {0}), tf.constant(new long[] {rank - 1}));
    return tf.reshape(out, tf.concat(List.of(leading, tf.constant(new long[] {units})), tf.constant(0)));
  }

  /** A matrix product (and reshapes): TF's MatMul computes in bfloat16 and float16 on CPU. */
  @Override
  protected boolean coreSupportsComputeDtype() {
    return true;
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    long[] dims = inputShape.asArray().clone();
    dims[dims.length - 1] = units;
    return Shape.of(dims);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("units", units);
    putKernelConfig(c, false);
    c.put("quantization_config", null);
    return c;
  }

  /** Keras's {@code from_config}; quantization is not implemented. */
  public static Dense fromConfig(Map<String, Object> config) {
    Config c = Config.of("Dense", config);
    c.requireDefault("quantization_config", null);
    return withKernelConfig(new Dense(c.getInt("units")), c);
  }
}
