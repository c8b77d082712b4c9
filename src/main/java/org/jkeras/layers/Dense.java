package org.jkeras.layers;

import org.jkeras.backend.CallContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.activations.Activation;
import org.jkeras.activations.Activations;
import org.jkeras.backend.KerasVariable;
import org.jkeras.backend.Shapes;
import org.jkeras.initializers.GlorotUniform;
import org.jkeras.initializers.Initializer;
import org.jkeras.initializers.Initializers;
import org.jkeras.initializers.Zeros;
import org.jkeras.regularizers.Regularizer;
import org.jkeras.regularizers.Regularizers;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Keras's {@code Dense(units, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
 * bias_initializer="zeros", ...)}: {@code activation(x @ kernel + bias)} on the last axis. The kernel
 * has shape (input_dim, units).
 *
 * <pre>{@code new Dense(512).activation("relu")}</pre>
 */
public class Dense extends Layer {
  private final int units;
  private Activation activation = Activations.LINEAR;
  private boolean useBias = true;
  private Initializer kernelInitializer = new GlorotUniform();
  private Initializer biasInitializer = new Zeros();
  private Regularizer kernelRegularizer;
  private Regularizer biasRegularizer;

  private KerasVariable kernel;
  private KerasVariable bias;

  public Dense(int units) {
    this.units = Configs.positive("units", units);
  }

  public Dense activation(String activation) {
    this.activation = Activations.get(activation);
    return this;
  }

  public Dense activation(Activation activation) {
    this.activation = activation == null ? Activations.LINEAR : activation;
    return this;
  }

  public Dense useBias(boolean useBias) {
    this.useBias = useBias;
    return this;
  }

  public Dense kernelInitializer(String initializer) {
    return kernelInitializer(Initializers.get(initializer));
  }

  public Dense kernelInitializer(Initializer initializer) {
    this.kernelInitializer = initializer;
    return this;
  }

  public Dense biasInitializer(String initializer) {
    return biasInitializer(Initializers.get(initializer));
  }

  public Dense biasInitializer(Initializer initializer) {
    this.biasInitializer = initializer;
    return this;
  }

  public Dense kernelRegularizer(Regularizer regularizer) {
    this.kernelRegularizer = regularizer;
    return this;
  }

  public Dense kernelRegularizer(String regularizer) {
    return kernelRegularizer(Regularizers.get(regularizer));
  }

  public Dense biasRegularizer(Regularizer regularizer) {
    this.biasRegularizer = regularizer;
    return this;
  }

  public Dense biasRegularizer(String regularizer) {
    return biasRegularizer(Regularizers.get(regularizer));
  }

  @Override
  public Dense activityRegularizer(Regularizer regularizer) {
    super.activityRegularizer(regularizer);
    return this;
  }

  @Override
  public Dense inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public Dense name(String name) {
    super.name(name);
    return this;
  }

  public int units() {
    return units;
  }

  public Activation activation() {
    return activation;
  }

  public KerasVariable kernel() {
    return kernel;
  }

  public KerasVariable bias() {
    return bias;
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
  public void build(Shape inputShape) {
    long inputDim = inputShape.get(inputShape.numDimensions() - 1);
    kernel = addWeight("kernel", Shape.of(inputDim, units), kernelInitializer, kernelRegularizer, true);
    if (useBias) {
      bias = addWeight("bias", Shape.of(units), biasInitializer, biasRegularizer, true);
    }
  }

  @Override
  protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    int rank = x.shape().numDimensions();
    Operand<TFloat32> y;
    if (rank == 2) {
      y = tf.linalg.matMul(x, ctx.value(kernel));
    } else {
      // Any rank: contract the last axis, keep the others.
      long inputDim = kernel.shape().get(0);
      Operand<TFloat32> flat = tf.reshape(x, tf.constant(new long[] {-1, inputDim}));
      Operand<TFloat32> out = tf.linalg.matMul(flat, ctx.value(kernel));
      Operand<TInt64> leading = tf.slice(tf.shape(x, TInt64.class), tf.constant(new long[] {0}), tf.constant(new long[] {rank - 1}));
      y = tf.reshape(out, tf.concat(java.util.List.of(leading, tf.constant(new long[] {units})), tf.constant(0)));
    }
    if (useBias) {
      y = tf.nn.biasAdd(y, ctx.value(bias));
    }
    return activation.apply(tf, y);
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
    c.put("activation", activation.name());
    c.put("use_bias", useBias);
    c.put("kernel_initializer", Configs.serialize(kernelInitializer));
    c.put("bias_initializer", Configs.serialize(biasInitializer));
    c.put("kernel_regularizer", Configs.serialize(kernelRegularizer));
    c.put("bias_regularizer", Configs.serialize(biasRegularizer));
    c.put("activity_regularizer", Configs.serialize(activityRegularizer()));
    return c;
  }
}
