package org.jkeras.layers;

import java.util.Map;
import org.jkeras.activations.Activation;
import org.jkeras.activations.Activations;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.KerasVariable;
import org.jkeras.initializers.GlorotUniform;
import org.jkeras.initializers.Initializer;
import org.jkeras.initializers.Initializers;
import org.jkeras.initializers.Zeros;
import org.jkeras.regularizers.Regularizer;
import org.jkeras.regularizers.Regularizers;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * What every layer with a kernel and a bias shares ({@link Dense}, {@link Conv2D} and the
 * convolutions to come; Keras's {@code BaseConv} and the same arguments of {@code Dense}): the
 * {@code activation}, {@code use_bias}, the kernel and bias initializers, regularizers and
 * constraints, the creation of both weights in {@link #build}, and {@code activation(core(x) +
 * bias)} in {@link #call}. A subclass gives the kernel's shape, the number of output channels and
 * its {@link #core} (a matrix product, a convolution).
 *
 * <p>Self-typed so that the fluent setters return the concrete layer: {@code new
 * Dense(512).activation("relu").name("fc")} is a {@code Dense}.
 *
 * <p>Constraints ({@code kernel_constraint}, {@code bias_constraint}) are not implemented: the
 * config holds {@code null}, and {@link #withKernelConfig} refuses any other value rather than
 * training without it.
 *
 * @param <L> the concrete layer class
 */
public abstract class KernelLayer<L extends KernelLayer<L>> extends Layer {
  private Activation activation = Activations.LINEAR;
  private boolean useBias = true;
  private Initializer kernelInitializer = new GlorotUniform();
  private Initializer biasInitializer = new Zeros();
  private Regularizer kernelRegularizer;
  private Regularizer biasRegularizer;

  private KerasVariable kernel;
  private KerasVariable bias;

  protected KernelLayer() {}

  /** {@code this}, as the concrete class. */
  protected abstract L self();

  /** The kernel's shape for inputs of {@code inputShape} (batch dimension included). */
  protected abstract Shape kernelShape(Shape inputShape);

  /** The number of output channels: the bias's length ({@code units}, {@code filters}). */
  protected abstract long outputChannels();

  /** The layer's own math before the bias and the activation, e.g. {@code x @ kernel}. */
  protected abstract Operand<TFloat32> core(CallContext ctx, Operand<TFloat32> x, Operand<TFloat32> kernel);

  // ---------------------------------------------------------------- configuration

  /** Keras's {@code activation}: a name ({@code "relu"}) or a function; none (linear) by default. */
  public L activation(String activation) {
    this.activation = Activations.get(activation);
    return self();
  }

  public L activation(Activation activation) {
    this.activation = activation == null ? Activations.LINEAR : activation;
    return self();
  }

  public L useBias(boolean useBias) {
    this.useBias = useBias;
    return self();
  }

  public L kernelInitializer(String initializer) {
    return kernelInitializer(Initializers.get(initializer));
  }

  public L kernelInitializer(Initializer initializer) {
    this.kernelInitializer = initializer;
    return self();
  }

  public L biasInitializer(String initializer) {
    return biasInitializer(Initializers.get(initializer));
  }

  public L biasInitializer(Initializer initializer) {
    this.biasInitializer = initializer;
    return self();
  }

  public L kernelRegularizer(Regularizer regularizer) {
    this.kernelRegularizer = regularizer;
    return self();
  }

  public L kernelRegularizer(String regularizer) {
    return kernelRegularizer(Regularizers.get(regularizer));
  }

  public L biasRegularizer(Regularizer regularizer) {
    this.biasRegularizer = regularizer;
    return self();
  }

  public L biasRegularizer(String regularizer) {
    return biasRegularizer(Regularizers.get(regularizer));
  }

  @Override
  public L activityRegularizer(Regularizer regularizer) {
    super.activityRegularizer(regularizer);
    return self();
  }

  @Override
  public L inputShape(int... shape) {
    super.inputShape(shape);
    return self();
  }

  @Override
  public L name(String name) {
    super.name(name);
    return self();
  }

  public Activation activation() {
    return activation;
  }

  public boolean useBias() {
    return useBias;
  }

  public Initializer kernelInitializer() {
    return kernelInitializer;
  }

  public Initializer biasInitializer() {
    return biasInitializer;
  }

  public Regularizer kernelRegularizer() {
    return kernelRegularizer;
  }

  public Regularizer biasRegularizer() {
    return biasRegularizer;
  }

  /** The kernel weight (null before the layer is built). */
  public KerasVariable kernel() {
    return kernel;
  }

  /** The bias weight (null before the layer is built, or without a bias). */
  public KerasVariable bias() {
    return bias;
  }

  // ---------------------------------------------------------------- lifecycle

  @Override
  public void build(Shape inputShape) {
    kernel = addWeight("kernel", kernelShape(inputShape), kernelInitializer, kernelRegularizer, true);
    if (useBias) {
      bias = addWeight("bias", Shape.of(outputChannels()), biasInitializer, biasRegularizer, true);
    }
  }

  @Override
  protected final Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    Operand<TFloat32> y = core(ctx, x, ctx.value(kernel));
    if (useBias) {
      y = tf.nn.biasAdd(y, ctx.value(bias));
    }
    return activation.apply(tf, y);
  }

  // ---------------------------------------------------------------- config

  /**
   * Puts the shared arguments into a layer's config, in Keras's order: {@code activation} to {@code
   * bias_regularizer}, {@code activity_regularizer} where Keras's convolutions write it ({@code
   * withActivityRegularizer}), then the constraints.
   */
  protected void putKernelConfig(Map<String, Object> c, boolean withActivityRegularizer) {
    c.put("activation", activation.name());
    c.put("use_bias", useBias);
    c.put("kernel_initializer", Initializers.serialize(kernelInitializer));
    c.put("bias_initializer", Initializers.serialize(biasInitializer));
    c.put("kernel_regularizer", Regularizers.serialize(kernelRegularizer));
    c.put("bias_regularizer", Regularizers.serialize(biasRegularizer));
    if (withActivityRegularizer) {
      c.put("activity_regularizer", Regularizers.serialize(activityRegularizer()));
    }
    c.put("kernel_constraint", null);
    c.put("bias_constraint", null);
  }

  /** For a subclass's {@code fromConfig}: the shared arguments of {@code config} and the base layer's, applied to {@code layer}. */
  protected static <T extends KernelLayer<T>> T withKernelConfig(T layer, Config config) {
    config.requireDefault("kernel_constraint", null);
    config.requireDefault("bias_constraint", null);
    layer.activation(config.getString("activation", "linear")).useBias(config.getBoolean("use_bias", true));
    if (config.has("kernel_initializer")) {
      layer.kernelInitializer(Initializers.deserialize(config.get("kernel_initializer")));
    }
    if (config.has("bias_initializer")) {
      layer.biasInitializer(Initializers.deserialize(config.get("bias_initializer")));
    }
    layer.kernelRegularizer(Regularizers.deserialize(config.get("kernel_regularizer")));
    layer.biasRegularizer(Regularizers.deserialize(config.get("bias_regularizer")));
    return withBaseConfig(layer, config);
  }
}
