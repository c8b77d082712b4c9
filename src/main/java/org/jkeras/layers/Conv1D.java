package org.jkeras.layers;

import java.util.Map;
import org.jkeras.saving.serialization.Config;

/**
 * Keras's {@code Conv1D(filters, kernel_size, strides=1, padding="valid", data_format=None,
 * dilation_rate=1, groups=1, activation=None, use_bias=True, ...)} on (batch, steps, channels): the
 * kernel has shape (k, in_channels / groups, filters). {@code padding("causal")} pads the start
 * only, so that {@code output[t]} does not depend on {@code input[t + 1:]}. Computed as TF's {@code
 * conv1d}: a 2D convolution over a height of 1.
 *
 * <pre>{@code new Conv1D(32, 3).padding("causal").dilationRate(2)}</pre>
 */
public class Conv1D extends BaseConv<Conv1D> {

  /**
   * @param filters number of output channels
   * @param kernelSize the window length
   */
  public Conv1D(int filters, int... kernelSize) {
    super(1, filters, kernelSize);
  }

  @Override
  protected Conv1D self() {
    return this;
  }

  /** Keras's {@code from_config}. */
  public static Conv1D fromConfig(Map<String, Object> config) {
    Config c = Config.of("Conv1D", config);
    return withBaseConvConfig(new Conv1D(c.getInt("filters"), c.getInts("kernel_size")), c);
  }
}
