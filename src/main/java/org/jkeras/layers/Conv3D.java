package org.jkeras.layers;

import java.util.Map;
import org.jkeras.saving.serialization.Config;

/**
 * Keras's {@code Conv3D(filters, kernel_size, strides=(1, 1, 1), padding="valid", data_format=None,
 * dilation_rate=(1, 1, 1), groups=1, activation=None, use_bias=True, ...)} on (batch, depth, height,
 * width, channels): the kernel has shape (kd, kh, kw, in_channels / groups, filters). TF's C++
 * gradients have none for its op; jkeras registers Python's ({@link Conv3DGradient}).
 *
 * <pre>{@code new Conv3D(16, 3, 3, 3).padding("same")}</pre>
 */
public class Conv3D extends BaseConv<Conv3D> {

  /**
   * @param filters number of output channels
   * @param kernelSize (depth, height, width), or one int for a cubic kernel
   */
  public Conv3D(int filters, int... kernelSize) {
    super(3, filters, kernelSize);
  }

  @Override
  protected Conv3D self() {
    return this;
  }

  /** Keras's {@code from_config}. */
  public static Conv3D fromConfig(Map<String, Object> config) {
    Config c = Config.of("Conv3D", config);
    return withBaseConvConfig(new Conv3D(c.getInt("filters"), c.getInts("kernel_size")), c);
  }
}
