package org.jkeras.layers;

import org.jkeras.backend.CallContext;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code Conv2D(filters, kernel_size, strides=(1, 1), padding="valid", activation=None,
 * use_bias=True, kernel_initializer="glorot_uniform", bias_initializer="zeros", ...)}, channels last
 * (NHWC). The kernel has shape (kh, kw, in_channels, filters).
 *
 * <pre>{@code new Conv2D(32, 3, 3).activation("relu").inputShape(224, 224, 3)}</pre>
 */
public class Conv2D extends Layer {
  private final int filters;
  private final int[] kernelSize;
  private int[] strides = {1, 1};
  private String padding = "valid";
  private int[] dilationRate = {1, 1};
  private Activation activation = Activations.LINEAR;
  private boolean useBias = true;
  private Initializer kernelInitializer = new GlorotUniform();
  private Initializer biasInitializer = new Zeros();
  private Regularizer kernelRegularizer;
  private Regularizer biasRegularizer;

  private KerasVariable kernel;
  private KerasVariable bias;

  /**
   * @param filters number of output channels
   * @param kernelSize (height, width), or one int for a square kernel
   */
  public Conv2D(int filters, int... kernelSize) {
    this.filters = Configs.positive("filters", filters);
    this.kernelSize = Configs.tuple("kernel_size", kernelSize, 2);
  }

  public Conv2D strides(int... strides) {
    this.strides = Configs.tuple("strides", strides, 2);
    return this;
  }

  public Conv2D padding(String padding) {
    this.padding = Configs.padding(padding);
    return this;
  }

  public Conv2D dilationRate(int... rate) {
    this.dilationRate = Configs.tuple("dilation_rate", rate, 2);
    return this;
  }

  public Conv2D activation(String activation) {
    this.activation = Activations.get(activation);
    return this;
  }

  public Conv2D activation(Activation activation) {
    this.activation = activation == null ? Activations.LINEAR : activation;
    return this;
  }

  public Conv2D useBias(boolean useBias) {
    this.useBias = useBias;
    return this;
  }

  public Conv2D kernelInitializer(String initializer) {
    return kernelInitializer(Initializers.get(initializer));
  }

  public Conv2D kernelInitializer(Initializer initializer) {
    this.kernelInitializer = initializer;
    return this;
  }

  public Conv2D biasInitializer(String initializer) {
    return biasInitializer(Initializers.get(initializer));
  }

  public Conv2D biasInitializer(Initializer initializer) {
    this.biasInitializer = initializer;
    return this;
  }

  public Conv2D kernelRegularizer(Regularizer regularizer) {
    this.kernelRegularizer = regularizer;
    return this;
  }

  public Conv2D kernelRegularizer(String regularizer) {
    return kernelRegularizer(Regularizers.get(regularizer));
  }

  public Conv2D biasRegularizer(Regularizer regularizer) {
    this.biasRegularizer = regularizer;
    return this;
  }

  public Conv2D biasRegularizer(String regularizer) {
    return biasRegularizer(Regularizers.get(regularizer));
  }

  @Override
  public Conv2D activityRegularizer(Regularizer regularizer) {
    super.activityRegularizer(regularizer);
    return this;
  }

  @Override
  public Conv2D inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public Conv2D name(String name) {
    super.name(name);
    return this;
  }

  public int filters() {
    return filters;
  }

  public int[] kernelSize() {
    return kernelSize.clone();
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
    if (inputShape.numDimensions() != 4) {
      throw new IllegalArgumentException(
          "Input 0 of layer \"" + name() + "\" is incompatible with the layer: expected ndim=4, found ndim="
              + inputShape.numDimensions() + ". Full shape received: " + Shapes.format(inputShape));
    }
    if (inputShape.get(3) < 0) {
      throw new IllegalArgumentException(
          "The channel dimension of the inputs of layer \"" + name() + "\" should be defined. Received: input_shape="
              + Shapes.format(inputShape));
    }
    Shape out = computeOutputShape(inputShape);
    if (out.get(1) == 0 || out.get(2) == 0) {
      throw new IllegalArgumentException(
          "Computed output size would be negative or zero for layer \"" + name() + "\". Received `inputs shape="
              + Shapes.format(inputShape) + "`, `kernel shape=" + Shapes.format(kernelShape(inputShape.get(3)))
              + "`, `dilation_rate=" + Arrays.toString(dilationRate) + "`.");
    }
  }

  private Shape kernelShape(long inChannels) {
    return Shape.of(kernelSize[0], kernelSize[1], inChannels, filters);
  }

  @Override
  public void build(Shape inputShape) {
    kernel = addWeight("kernel", kernelShape(inputShape.get(3)), kernelInitializer, kernelRegularizer, true);
    if (useBias) {
      bias = addWeight("bias", Shape.of(filters), biasInitializer, biasRegularizer, true);
    }
  }

  @Override
  protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    Operand<TFloat32> y = tf.nn.conv2d(x, ctx.value(kernel), List.of(1L, (long) strides[0], (long) strides[1], 1L),
        padding.toUpperCase(), Conv2d.dilations(List.of(1L, (long) dilationRate[0], (long) dilationRate[1], 1L)));
    if (useBias) {
      y = tf.nn.biasAdd(y, ctx.value(bias));
    }
    return activation.apply(tf, y);
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    long h = Configs.outputLength(inputShape.get(1), kernelSize[0], padding, strides[0], dilationRate[0]);
    long w = Configs.outputLength(inputShape.get(2), kernelSize[1], padding, strides[1], dilationRate[1]);
    return Shape.of(inputShape.get(0), h, w, filters);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("filters", filters);
    c.put("kernel_size", Configs.list(kernelSize));
    c.put("strides", Configs.list(strides));
    c.put("padding", padding);
    c.put("data_format", "channels_last");
    c.put("dilation_rate", Configs.list(dilationRate));
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
