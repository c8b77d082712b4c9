package org.jkeras.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jkeras.activations.Activation;
import org.jkeras.activations.Activations;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.KerasVariable;
import org.jkeras.dtypepolicies.DTypePolicy;
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
import org.tensorflow.op.nn.BiasAdd;
import org.tensorflow.types.TFloat32;

/**
 * What every layer with kernels and a bias shares ({@link Dense} and the convolutions; Keras's
 * {@code BaseConv}, {@code BaseDepthwiseConv}, {@code BaseSeparableConv} and the same arguments of
 * {@code Dense}): the {@code activation}, {@code use_bias}, each kernel's initializer, regularizer
 * and constraint and the bias's, the creation of the weights in {@link #build} (the kernels in
 * order, then the bias, as Keras creates them: the order of a {@code .weights.h5} file), and {@code
 * activation(core(x) + bias)} in {@link #call}. A subclass gives the main kernel's shape, the
 * number of output channels and its {@link #core} (a matrix product, a convolution).
 *
 * <p>Most layers have one kernel, the weight {@code kernel} with the arguments {@code
 * kernel_initializer}, {@code kernel_regularizer}, {@code kernel_constraint}. Keras names them
 * otherwise in the depthwise convolutions ({@code depthwise_initializer} for the weight {@code
 * kernel}) and gives the separable convolutions two ({@code depthwise_kernel}, {@code
 * pointwise_kernel}): a subclass names its kernels with {@link #KernelLayer(String, String)} and
 * {@link #addKernel}, and its public setters ({@code depthwiseInitializer}...) set them through
 * {@link #kernelArgument}. The {@code kernel*} setters here are for layers with a {@code kernel}
 * argument; on others they fail as Keras fails on an unknown keyword argument.
 *
 * <p>Self-typed so that the fluent setters return the concrete layer: {@code new
 * Dense(512).activation("relu").name("fc")} is a {@code Dense}.
 *
 * <p>Constraints ({@code kernel_constraint}, {@code bias_constraint}...) are not implemented: the
 * config holds {@code null}, and {@link #withKernelConfig} refuses any other value rather than
 * training without it.
 *
 * @param <L> the concrete layer class
 */
public abstract class KernelLayer<L extends KernelLayer<L>> extends Layer {
  /**
   * One kernel: its Keras argument prefix ({@code kernel}, {@code depthwise}, {@code pointwise}),
   * its weight's name, its shape for an input shape, and its initializer, regularizer and weight.
   */
  protected static final class Kernel {
    private final String argument;
    private final String weightName;
    private final Function<Shape, Shape> shape;
    private Initializer initializer = new GlorotUniform();
    private Regularizer regularizer;
    private KerasVariable variable;

    private Kernel(String argument, String weightName, Function<Shape, Shape> shape) {
      this.argument = argument;
      this.weightName = weightName;
      this.shape = shape;
    }

    public Initializer initializer() {
      return initializer;
    }

    public void initializer(Initializer initializer) {
      this.initializer = initializer;
    }

    public Regularizer regularizer() {
      return regularizer;
    }

    public void regularizer(Regularizer regularizer) {
      this.regularizer = regularizer;
    }

    /** The weight (null before the layer is built). */
    public KerasVariable variable() {
      return variable;
    }
  }

  private Activation activation = Activations.LINEAR;
  private boolean useBias = true;
  private final List<Kernel> kernels = new ArrayList<>();
  private Initializer biasInitializer = new Zeros();
  private Regularizer biasRegularizer;
  private KerasVariable bias;

  /** A layer with one kernel, the weight {@code kernel} of the arguments {@code kernel_*}. */
  protected KernelLayer() {
    this("kernel", "kernel");
  }

  /** A layer whose main kernel is the weight {@code weightName} of the arguments {@code argument_*}. */
  protected KernelLayer(String argument, String weightName) {
    addKernel(argument, weightName, this::kernelShape);
  }

  /** Adds a kernel after those already declared (call from the constructor), created in this order. */
  protected final Kernel addKernel(String argument, String weightName, Function<Shape, Shape> shape) {
    Kernel k = new Kernel(argument, weightName, shape);
    kernels.add(k);
    return k;
  }

  /** {@code this}, as the concrete class. */
  protected abstract L self();

  /** The main kernel's shape for inputs of {@code inputShape} (batch dimension included). */
  protected abstract Shape kernelShape(Shape inputShape);

  /** The number of output channels for inputs of {@code inputShape}: the bias's length ({@code units}, {@code filters}). */
  protected abstract long outputChannels(Shape inputShape);

  /** The layer's own math before the bias and the activation, e.g. {@code x @ kernel}, with the main kernel. */
  protected abstract Operand<TFloat32> core(CallContext ctx, Operand<TFloat32> x, Operand<TFloat32> kernel);

  /** True when the channels are on axis 1 (the bias is added there), as with {@code data_format="channels_first"}. */
  protected boolean channelsFirst() {
    return false;
  }

  /**
   * The kernel of Keras argument prefix {@code argument} ({@code "depthwise"} for {@code
   * depthwise_initializer}...), set or read as {@code usedAs}; a layer without it fails as Keras
   * fails on an unknown keyword argument.
   */
  protected final Kernel kernelArgument(String argument, String usedAs) {
    for (Kernel k : kernels) {
      if (k.argument.equals(argument)) {
        return k;
      }
    }
    throw new IllegalArgumentException("Unrecognized keyword arguments passed to " + className() + ": " + usedAs
        + ". Its kernel arguments are " + kernels.stream().map(k -> k.argument + "_initializer, " + k.argument
            + "_regularizer").collect(Collectors.joining(", ")) + ".");
  }

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
    kernelArgument("kernel", "kernel_initializer").initializer(initializer);
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
    kernelArgument("kernel", "kernel_regularizer").regularizer(regularizer);
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

  @Override
  public L dtype(String policy) {
    super.dtype(policy);
    return self();
  }

  @Override
  public L dtype(DTypePolicy policy) {
    super.dtype(policy);
    return self();
  }

  /** Under a mixed policy: when both the layer's {@link #core} and its activation compute in {@code dtype}. */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return coreSupportsComputeDtype() && activation.anyFloatDtype();
  }

  /** True when {@link #core} computes correctly on bfloat16 and float16 operands; false unless a subclass knows. */
  protected boolean coreSupportsComputeDtype() {
    return false;
  }

  public Activation activation() {
    return activation;
  }

  public boolean useBias() {
    return useBias;
  }

  public Initializer kernelInitializer() {
    return kernelArgument("kernel", "kernel_initializer").initializer();
  }

  public Initializer biasInitializer() {
    return biasInitializer;
  }

  public Regularizer kernelRegularizer() {
    return kernelArgument("kernel", "kernel_regularizer").regularizer();
  }

  public Regularizer biasRegularizer() {
    return biasRegularizer;
  }

  /**
   * The weight named {@code kernel}, as Keras's {@code layer.kernel} (null before the layer is
   * built); a separable convolution has none (its kernels are {@code depthwise_kernel} and {@code
   * pointwise_kernel}).
   */
  public KerasVariable kernel() {
    for (Kernel k : kernels) {
      if (k.weightName.equals("kernel")) {
        return k.variable;
      }
    }
    throw new IllegalStateException(className() + " has no weight `kernel`; its kernels are "
        + kernels.stream().map(k -> "`" + k.weightName + "`").collect(Collectors.joining(", ")) + ".");
  }

  /** The bias weight (null before the layer is built, or without a bias). */
  public KerasVariable bias() {
    return bias;
  }

  // ---------------------------------------------------------------- lifecycle

  @Override
  public void build(Shape inputShape) {
    for (Kernel k : kernels) {
      k.variable = addWeight(k.weightName, k.shape.apply(inputShape), k.initializer, k.regularizer, true);
    }
    if (useBias) {
      bias = addWeight("bias", Shape.of(outputChannels(inputShape)), biasInitializer, biasRegularizer, true);
    }
  }

  @Override
  protected final Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    Operand<TFloat32> y = core(ctx, x, ctx.value(kernels.get(0).variable));
    if (useBias) {
      y = channelsFirst() ? tf.nn.biasAdd(y, ctx.value(bias), BiasAdd.dataFormat("NCHW")) : tf.nn.biasAdd(y, ctx.value(bias));
    }
    return activation.apply(tf, y);
  }

  // ---------------------------------------------------------------- config

  /**
   * Puts the shared arguments into a layer's config, in Keras's order: {@code activation}, {@code
   * use_bias}, each kernel's initializer then the bias's, the regularizers likewise, {@code
   * activity_regularizer} where Keras's convolutions write it ({@code withActivityRegularizer}),
   * then the constraints.
   */
  protected void putKernelConfig(Map<String, Object> c, boolean withActivityRegularizer) {
    c.put("activation", activation.name());
    c.put("use_bias", useBias);
    for (Kernel k : kernels) {
      c.put(k.argument + "_initializer", Initializers.serialize(k.initializer));
    }
    c.put("bias_initializer", Initializers.serialize(biasInitializer));
    for (Kernel k : kernels) {
      c.put(k.argument + "_regularizer", Regularizers.serialize(k.regularizer));
    }
    c.put("bias_regularizer", Regularizers.serialize(biasRegularizer));
    if (withActivityRegularizer) {
      c.put("activity_regularizer", Regularizers.serialize(activityRegularizer()));
    }
    for (Kernel k : kernels) {
      c.put(k.argument + "_constraint", null);
    }
    c.put("bias_constraint", null);
  }

  /** For a subclass's {@code fromConfig}: the shared arguments of {@code config} and the base layer's, applied to {@code layer}. */
  protected static <T extends KernelLayer<T>> T withKernelConfig(T layer, Config config) {
    KernelLayer<T> base = layer;
    List<Kernel> kernels = base.kernels;
    for (Kernel k : kernels) {
      config.requireDefault(k.argument + "_constraint", null);
    }
    config.requireDefault("bias_constraint", null);
    layer.activation(config.getString("activation", "linear")).useBias(config.getBoolean("use_bias", true));
    for (Kernel k : kernels) {
      if (config.has(k.argument + "_initializer")) {
        k.initializer(Initializers.deserialize(config.get(k.argument + "_initializer")));
      }
      k.regularizer(Regularizers.deserialize(config.get(k.argument + "_regularizer")));
    }
    if (config.has("bias_initializer")) {
      layer.biasInitializer(Initializers.deserialize(config.get("bias_initializer")));
    }
    layer.biasRegularizer(Regularizers.deserialize(config.get("bias_regularizer")));
    return withBaseConfig(layer, config);
  }
}
