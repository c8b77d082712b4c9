package org.jkeras.layers;

import org.jkeras.initializers.Initializer;
import org.jkeras.initializers.Initializers;
import org.jkeras.regularizers.Regularizer;
import org.jkeras.regularizers.Regularizers;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.ndarray.Shape;

/**
 * What {@link DepthwiseConv2D} and {@link SeparableConv2D} share: {@code depth_multiplier} and the
 * depthwise kernel, of shape (kh, kw, in_channels, depth_multiplier), set with Keras's {@code
 * depthwise_initializer} and {@code depthwise_regularizer}. As in Keras 3's TF backend, strides and
 * dilation may both exceed 1 ({@link Convolutions#depthwise}).
 *
 * @param <L> the concrete layer class
 */
public abstract class BaseDepthwiseConv<L extends BaseDepthwiseConv<L>> extends AbstractConv<L> {
  private int depthMultiplier = 1;

  /** @param kernelWeight the depthwise kernel's weight name: {@code kernel} or {@code depthwise_kernel} */
  protected BaseDepthwiseConv(int[] kernelSize, String kernelWeight) {
    super(2, kernelSize, "depthwise", kernelWeight);
  }

  /** Keras's {@code depth_multiplier}: output channels per input channel of the depthwise step; 1 by default. */
  public L depthMultiplier(int depthMultiplier) {
    if (depthMultiplier <= 0) {
      throw new IllegalArgumentException("Invalid value for argument `depth_multiplier`. Expected a strictly positive"
          + " value. Received depth_multiplier=" + depthMultiplier + ".");
    }
    this.depthMultiplier = depthMultiplier;
    return self();
  }

  public int depthMultiplier() {
    return depthMultiplier;
  }

  public L depthwiseInitializer(String initializer) {
    return depthwiseInitializer(Initializers.get(initializer));
  }

  public L depthwiseInitializer(Initializer initializer) {
    kernelArgument("depthwise", "depthwise_initializer").initializer(initializer);
    return self();
  }

  public L depthwiseRegularizer(String regularizer) {
    return depthwiseRegularizer(Regularizers.get(regularizer));
  }

  public L depthwiseRegularizer(Regularizer regularizer) {
    kernelArgument("depthwise", "depthwise_regularizer").regularizer(regularizer);
    return self();
  }

  public Initializer depthwiseInitializer() {
    return kernelArgument("depthwise", "depthwise_initializer").initializer();
  }

  public Regularizer depthwiseRegularizer() {
    return kernelArgument("depthwise", "depthwise_regularizer").regularizer();
  }

  @Override
  protected boolean allowsStridesWithDilation() {
    return true;
  }

  @Override
  protected Shape kernelShape(Shape inputShape) {
    int[] k = kernelSize();
    return Shape.of(k[0], k[1], inputChannels(inputShape), depthMultiplier);
  }

  /** For a subclass's {@code fromConfig}: {@code depth_multiplier}, then {@link #withConvConfig}. */
  protected static <T extends BaseDepthwiseConv<T>> T withDepthwiseConfig(T layer, Config config) {
    layer.depthMultiplier(config.getInt("depth_multiplier", 1));
    return withConvConfig(layer, config);
  }

  /** TF's DepthwiseConv2dNative (and Conv2D for the pointwise step) have bfloat16 and float16 CPU kernels. */
  @Override
  protected boolean coreSupportsComputeDtype() {
    return true;
  }
}
