package org.jkeras.layers;

import java.util.Arrays;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.Shapes;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * What the convolutions share beyond {@link KernelLayer}: the sliding window of Keras's {@code
 * BaseConv}, {@code BaseDepthwiseConv}, {@code BaseSeparableConv} and {@code BaseConvTranspose}
 * ({@code kernel_size}, {@code strides}, {@code padding}, {@code data_format}, {@code
 * dilation_rate}), the input checks, the output shape, and the data format: a subclass writes its
 * math for channels-last inputs ({@link #convolve}); channels-first inputs are transposed around
 * it ({@link DataFormats}) and the bias added on axis 1.
 *
 * @param <L> the concrete layer class
 */
public abstract class AbstractConv<L extends AbstractConv<L>> extends KernelLayer<L> {
  private final int rank;
  private final int[] kernelSize;
  private int[] strides;
  private String padding = "valid";
  private String dataFormat = DataFormats.CHANNELS_LAST;
  private int[] dilationRate;

  /**
   * @param rank the number of spatial axes
   * @param kernelSize one int per spatial axis, or one for all
   * @param kernelArgument the Keras argument prefix of the main kernel ({@code kernel}, {@code depthwise})
   * @param kernelWeight the main kernel's weight name
   */
  protected AbstractConv(int rank, int[] kernelSize, String kernelArgument, String kernelWeight) {
    super(kernelArgument, kernelWeight);
    this.rank = rank;
    this.kernelSize = Configs.tuple("kernel_size", kernelSize, rank);
    this.strides = Configs.ones(rank);
    this.dilationRate = Configs.ones(rank);
  }

  /** The convolution on channels-last inputs (batch, spatial..., channels), before the bias. */
  protected abstract Operand<TFloat32> convolve(CallContext ctx, Operand<TFloat32> x, Operand<TFloat32> kernel);

  /** Keras's {@code padding="causal"}: only {@code Conv1D} takes it. */
  protected boolean allowsCausalPadding() {
    return false;
  }

  /** Whether strides and dilation may both exceed 1 (Keras's depthwise convolutions; the others refuse). */
  protected boolean allowsStridesWithDilation() {
    return false;
  }

  // ---------------------------------------------------------------- configuration

  public L strides(int... strides) {
    int[] s = Configs.tuple("strides", strides, rank);
    checkStridesAndDilation(s, dilationRate);
    this.strides = s;
    return self();
  }

  public L padding(String padding) {
    this.padding = Configs.padding(padding, allowsCausalPadding());
    return self();
  }

  /** Keras's {@code data_format}: "channels_last" (the default) or "channels_first". */
  public L dataFormat(String dataFormat) {
    this.dataFormat = Configs.dataFormat(dataFormat);
    return self();
  }

  public L dilationRate(int... rate) {
    int[] d = Configs.tuple("dilation_rate", rate, rank);
    checkStridesAndDilation(strides, d);
    this.dilationRate = d;
    return self();
  }

  /** Keras refuses strides and dilation both above 1 where TF's convolutions cannot stride a dilated kernel. */
  private void checkStridesAndDilation(int[] strides, int[] dilation) {
    if (!allowsStridesWithDilation() && Convolutions.dilated(strides) && Convolutions.dilated(dilation)) {
      throw new IllegalArgumentException("`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: strides="
          + Arrays.toString(strides) + " and dilation_rate=" + Arrays.toString(dilation));
    }
  }

  /** The number of spatial axes: 1 for Conv1D, 2 for Conv2D... */
  public int rank() {
    return rank;
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

  public String dataFormat() {
    return dataFormat;
  }

  public int[] dilationRate() {
    return dilationRate.clone();
  }

  @Override
  protected boolean channelsFirst() {
    return DataFormats.CHANNELS_FIRST.equals(dataFormat);
  }

  /** The number of channels of inputs of {@code inputShape}, in this layer's data format. */
  protected long inputChannels(Shape inputShape) {
    return channelsFirst() ? inputShape.get(1) : inputShape.get(inputShape.numDimensions() - 1);
  }

  // ---------------------------------------------------------------- shapes and math

  @Override
  protected void validateInputShape(Shape inputShape) {
    if (inputShape.numDimensions() != rank + 2) {
      throw new IllegalArgumentException("Input 0 of layer \"" + name() + "\" is incompatible with the layer: expected ndim="
          + (rank + 2) + ", found ndim=" + inputShape.numDimensions() + ". Full shape received: " + Shapes.format(inputShape));
    }
    if (inputChannels(inputShape) < 0) {
      throw new IllegalArgumentException("The channel dimension of the inputs of layer \"" + name()
          + "\" should be defined. Received: input_shape=" + Shapes.format(inputShape));
    }
    Shape out = DataFormats.channelsLast(computeOutputShape(inputShape), dataFormat);
    for (int i = 1; i <= rank; i++) {
      if (out.get(i) == 0) {
        throw new IllegalArgumentException("Computed output size would be zero or negative for layer \"" + name()
            + "\". Received `inputs shape=" + Shapes.format(inputShape) + "`, `kernel shape="
            + Shapes.format(kernelShape(inputShape)) + "`, `dilation_rate=" + Arrays.toString(dilationRate)
            + "`, `strides=" + Arrays.toString(strides) + "`, `padding=" + padding + "`.");
      }
    }
  }

  /** The output length along spatial axis {@code axis} for an input length (-1: unknown); Keras's conv formula. */
  protected long outputLength(int axis, long inputLength) {
    return Configs.outputLength(inputLength, kernelSize[axis], padding, strides[axis], dilationRate[axis]);
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    Shape in = DataFormats.channelsLast(inputShape, dataFormat);
    long[] out = new long[rank + 2];
    out[0] = in.get(0);
    for (int i = 0; i < rank; i++) {
      out[i + 1] = outputLength(i, in.get(i + 1));
    }
    out[rank + 1] = outputChannels(inputShape);
    return DataFormats.fromChannelsLast(Shape.of(out), dataFormat);
  }

  @Override
  protected final Operand<TFloat32> core(CallContext ctx, Operand<TFloat32> x, Operand<TFloat32> kernel) {
    Ops tf = ctx.tf();
    if (!channelsFirst()) {
      return convolve(ctx, x, kernel);
    }
    return DataFormats.toChannelsFirst(tf, convolve(ctx, DataFormats.toChannelsLast(tf, x), kernel));
  }

  // ---------------------------------------------------------------- config

  /**
   * Puts the window arguments into a layer's config in Keras's order: {@code kernel_size}, {@code
   * strides}, {@code padding}, {@link #putAfterPadding what follows the padding} ({@code
   * output_padding}), {@code data_format}, {@code dilation_rate}.
   */
  protected void putWindowConfig(Map<String, Object> c) {
    c.put("kernel_size", Configs.list(kernelSize));
    c.put("strides", Configs.list(strides));
    c.put("padding", padding);
    putAfterPadding(c);
    c.put("data_format", dataFormat);
    c.put("dilation_rate", Configs.list(dilationRate));
  }

  /** Config entries Keras writes between {@code padding} and {@code data_format} (none by default). */
  protected void putAfterPadding(Map<String, Object> c) {}

  /** For a subclass's {@code fromConfig}: the window arguments, then {@link #withKernelConfig}. */
  protected static <T extends AbstractConv<T>> T withConvConfig(T layer, Config config) {
    if (config.has("strides")) {
      layer.strides(config.getInts("strides"));
    }
    if (config.has("dilation_rate")) {
      layer.dilationRate(config.getInts("dilation_rate"));
    }
    layer.padding(config.getString("padding", "valid"));
    layer.dataFormat(config.getString("data_format", DataFormats.CHANNELS_LAST));
    return withKernelConfig(layer, config);
  }
}
