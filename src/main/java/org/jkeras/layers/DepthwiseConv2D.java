package org.jkeras.layers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code DepthwiseConv2D(kernel_size, strides=(1, 1), padding="valid", depth_multiplier=1,
 * data_format=None, dilation_rate=(1, 1), activation=None, use_bias=True,
 * depthwise_initializer="glorot_uniform", bias_initializer="zeros", ...)}: each input channel
 * convolved with its own {@code depth_multiplier} filters, (batch, h, w, c) to (batch, h', w', c *
 * depth_multiplier). Its weights are {@code kernel} (kh, kw, c, depth_multiplier) and {@code bias},
 * as in Keras; TF's {@code DepthwiseConv2dNative} computes it.
 *
 * <pre>{@code new DepthwiseConv2D(3, 3).padding("same").depthMultiplier(2)}</pre>
 */
public class DepthwiseConv2D extends BaseDepthwiseConv<DepthwiseConv2D> {

  /** @param kernelSize (height, width), or one int for a square kernel */
  public DepthwiseConv2D(int... kernelSize) {
    super(kernelSize, "kernel");
  }

  @Override
  protected DepthwiseConv2D self() {
    return this;
  }

  @Override
  protected long outputChannels(Shape inputShape) {
    return inputChannels(inputShape) * depthMultiplier();
  }

  @Override
  protected Operand<TFloat32> convolve(CallContext ctx, Operand<TFloat32> x, Operand<TFloat32> kernel) {
    return Convolutions.depthwise(ctx.tf(), x, kernel, kernelSize(), strides(), padding(), dilationRate(), name());
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("depth_multiplier", depthMultiplier());
    putWindowConfig(c);
    putKernelConfig(c, true);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static DepthwiseConv2D fromConfig(Map<String, Object> config) {
    Config c = Config.of("DepthwiseConv2D", config);
    return withDepthwiseConfig(new DepthwiseConv2D(c.getInts("kernel_size")), c);
  }
}
