package org.jkeras.layers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.Shapes;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code Conv2D(filters, kernel_size, strides=(1, 1), padding="valid", dilation_rate=(1,
 * 1), activation=None, use_bias=True, kernel_initializer="glorot_uniform", bias_initializer="zeros",
 * ...)}, channels last (NHWC). The kernel has shape (kh, kw, in_channels, filters). The arguments it
 * shares with {@link Dense} are in {@link KernelLayer}.
 *
 * <pre>{@code new Conv2D(32, 3, 3).activation("relu").inputShape(224, 224, 3)}</pre>
 *
 * <p>A dilated convolution ({@code dilationRate} above 1) is computed as TF's Python {@code
 * tf.nn.convolution} computes it, see {@link DilatedConv}: TF's C++ gradient of the {@code Conv2D}
 * op, the one graph gradients use, ignores {@code dilations} (a wrong kernel gradient with padding
 * "same", a crash of oneDNN's backward kernel with "valid").
 */
public class Conv2D extends KernelLayer<Conv2D> {
  private final int filters;
  private final int[] kernelSize;
  private int[] strides = {1, 1};
  private String padding = "valid";
  private int[] dilationRate = {1, 1};

  /**
   * @param filters number of output channels
   * @param kernelSize (height, width), or one int for a square kernel
   */
  public Conv2D(int filters, int... kernelSize) {
    this.filters = Configs.positive("filters", filters);
    this.kernelSize = Configs.tuple("kernel_size", kernelSize, 2);
  }

  @Override
  protected Conv2D self() {
    return this;
  }

  public Conv2D strides(int... strides) {
    int[] s = Configs.tuple("strides", strides, 2);
    checkStridesAndDilation(s, dilationRate);
    this.strides = s;
    return this;
  }

  public Conv2D padding(String padding) {
    this.padding = Configs.padding(padding);
    return this;
  }

  public Conv2D dilationRate(int... rate) {
    int[] d = Configs.tuple("dilation_rate", rate, 2);
    checkStridesAndDilation(strides, d);
    this.dilationRate = d;
    return this;
  }

  /** Keras refuses strides and dilation both above 1 (TF's dilated convolution cannot stride). */
  private static void checkStridesAndDilation(int[] strides, int[] dilation) {
    if (Math.max(strides[0], strides[1]) > 1 && Math.max(dilation[0], dilation[1]) > 1) {
      throw new IllegalArgumentException("`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: strides="
          + Arrays.toString(strides) + " and dilation_rate=" + Arrays.toString(dilation));
    }
  }

  public int filters() {
    return filters;
  }

  public int[] kernelSize() {
    return kernelSize.clone();
  }

  public int[] strides() {
    return strides.clone();
  }

  public String padding() {
    return padding;
  }

  public int[] dilationRate() {
    return dilationRate.clone();
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
              + Shapes.format(inputShape) + "`, `kernel shape=" + Shapes.format(kernelShape(inputShape))
              + "`, `dilation_rate=" + Arrays.toString(dilationRate) + "`.");
    }
  }

  @Override
  protected Shape kernelShape(Shape inputShape) {
    return Shape.of(kernelSize[0], kernelSize[1], inputShape.get(3), filters);
  }

  @Override
  protected long outputChannels() {
    return filters;
  }

  @Override
  protected Operand<TFloat32> core(CallContext ctx, Operand<TFloat32> x, Operand<TFloat32> kernel) {
    Ops tf = ctx.tf();
    if (dilationRate[0] > 1 || dilationRate[1] > 1) {
      return DilatedConv.conv2d(tf, x, kernel, kernelSize, dilationRate, padding, name());
    }
    return tf.nn.conv2d(x, kernel, List.of(1L, (long) strides[0], (long) strides[1], 1L), padding.toUpperCase(),
        Conv2d.dilations(List.of(1L, 1L, 1L, 1L)));
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
    c.put("groups", 1);
    putKernelConfig(c, true);
    return c;
  }

  /** Keras's {@code from_config}; channels-first data and grouped convolutions are not implemented. */
  public static Conv2D fromConfig(Map<String, Object> config) {
    Config c = Config.of("Conv2D", config);
    c.requireDefault("data_format", "channels_last");
    c.requireDefault("groups", 1);
    Conv2D layer = new Conv2D(c.getInt("filters"), c.getInts("kernel_size"))
        .strides(c.has("strides") ? c.getInts("strides") : new int[] {1})
        .padding(c.getString("padding", "valid"))
        .dilationRate(c.has("dilation_rate") ? c.getInts("dilation_rate") : new int[] {1});
    return withKernelConfig(layer, c);
  }
}
