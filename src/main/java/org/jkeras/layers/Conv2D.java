package org.jkeras.layers;

import java.util.Map;
import org.jkeras.saving.serialization.Config;

/**
 * Keras's {@code Conv2D(filters, kernel_size, strides=(1, 1), padding="valid", data_format=None,
 * dilation_rate=(1, 1), groups=1, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
 * bias_initializer="zeros", ...)} on (batch, height, width, channels), or channels first with {@code
 * dataFormat("channels_first")}. The kernel has shape (kh, kw, in_channels / groups, filters). The
 * window arguments are in {@link AbstractConv}, those it shares with {@link Dense} in {@link
 * KernelLayer}.
 *
 * <pre>{@code new Conv2D(32, 3, 3).activation("relu").inputShape(224, 224, 3)}</pre>
 *
 * <p>A dilated convolution ({@code dilationRate} above 1) is computed as TF's Python {@code
 * tf.nn.convolution} computes it, see {@link DilatedConv}: TF's C++ gradient of the {@code Conv2D}
 * op, the one graph gradients use, ignores {@code dilations} (a wrong kernel gradient with padding
 * "same", a crash of oneDNN's backward kernel with "valid").
 */
public class Conv2D extends BaseConv<Conv2D> {

  /**
   * @param filters number of output channels
   * @param kernelSize (height, width), or one int for a square kernel
   */
  public Conv2D(int filters, int... kernelSize) {
    super(2, filters, kernelSize);
  }

  @Override
  protected Conv2D self() {
    return this;
  }

  /** Keras's {@code from_config}. */
  public static Conv2D fromConfig(Map<String, Object> config) {
    Config c = Config.of("Conv2D", config);
    return withBaseConvConfig(new Conv2D(c.getInt("filters"), c.getInts("kernel_size")), c);
  }
}
