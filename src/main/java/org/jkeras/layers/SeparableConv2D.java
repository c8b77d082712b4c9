package org.jkeras.layers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.KerasVariable;
import org.jkeras.initializers.Initializer;
import org.jkeras.initializers.Initializers;
import org.jkeras.regularizers.Regularizer;
import org.jkeras.regularizers.Regularizers;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code SeparableConv2D(filters, kernel_size, strides=(1, 1), padding="valid",
 * data_format=None, dilation_rate=(1, 1), depth_multiplier=1, activation=None, use_bias=True,
 * depthwise_initializer="glorot_uniform", pointwise_initializer="glorot_uniform", ...)}: a depthwise
 * convolution (each input channel with its own {@code depth_multiplier} filters) followed by a 1x1
 * convolution to {@code filters} channels, as TF's {@code separable_conv2d}. Its weights, in Keras's
 * order: {@code depthwise_kernel} (kh, kw, c, depth_multiplier), {@code pointwise_kernel} (1, 1, c *
 * depth_multiplier, filters), {@code bias}.
 *
 * <pre>{@code new SeparableConv2D(64, 3, 3).padding("same").activation("relu")}</pre>
 */
public class SeparableConv2D extends BaseDepthwiseConv<SeparableConv2D> {
  private final int filters;
  private final Kernel pointwise;

  /**
   * @param filters number of output channels
   * @param kernelSize (height, width) of the depthwise step, or one int for a square kernel
   */
  public SeparableConv2D(int filters, int... kernelSize) {
    super(kernelSize, "depthwise_kernel");
    if (filters <= 0) {
      throw new IllegalArgumentException(
          "Invalid value for argument `filters`. Expected a strictly positive value. Received filters=" + filters + ".");
    }
    this.filters = filters;
    this.pointwise = addKernel("pointwise", "pointwise_kernel",
        s -> Shape.of(1, 1, inputChannels(s) * depthMultiplier(), this.filters));
  }

  @Override
  protected SeparableConv2D self() {
    return this;
  }

  public int filters() {
    return filters;
  }

  public SeparableConv2D pointwiseInitializer(String initializer) {
    return pointwiseInitializer(Initializers.get(initializer));
  }

  public SeparableConv2D pointwiseInitializer(Initializer initializer) {
    pointwise.initializer(initializer);
    return this;
  }

  public SeparableConv2D pointwiseRegularizer(String regularizer) {
    return pointwiseRegularizer(Regularizers.get(regularizer));
  }

  public SeparableConv2D pointwiseRegularizer(Regularizer regularizer) {
    pointwise.regularizer(regularizer);
    return this;
  }

  public Initializer pointwiseInitializer() {
    return pointwise.initializer();
  }

  public Regularizer pointwiseRegularizer() {
    return pointwise.regularizer();
  }

  /** The weight {@code depthwise_kernel} (null before the layer is built). */
  public KerasVariable depthwiseKernel() {
    return kernelArgument("depthwise", "depthwise_kernel").variable();
  }

  /** The weight {@code pointwise_kernel} (null before the layer is built). */
  public KerasVariable pointwiseKernel() {
    return pointwise.variable();
  }

  @Override
  protected long outputChannels(Shape inputShape) {
    return filters;
  }

  @Override
  protected Operand<TFloat32> convolve(CallContext ctx, Operand<TFloat32> x, Operand<TFloat32> kernel) {
    Ops tf = ctx.tf();
    Operand<TFloat32> depthwise = Convolutions.depthwise(tf, x, kernel, kernelSize(), strides(), padding(),
        dilationRate(), name());
    return tf.nn.conv2d(depthwise, ctx.value(pointwise.variable()), List.of(1L, 1L, 1L, 1L), "VALID");
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("depth_multiplier", depthMultiplier());
    c.put("filters", filters);
    putWindowConfig(c);
    putKernelConfig(c, true);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static SeparableConv2D fromConfig(Map<String, Object> config) {
    Config c = Config.of("SeparableConv2D", config);
    return withDepthwiseConfig(new SeparableConv2D(c.getInt("filters"), c.getInts("kernel_size")), c);
  }
}
