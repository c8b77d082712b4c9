package org.jkeras.layers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.Conv2dBackpropInput;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Keras's {@code Conv2DTranspose(filters, kernel_size, strides=(1, 1), padding="valid",
 * output_padding=None, data_format=None, dilation_rate=(1, 1), activation=None, use_bias=True, ...)}:
 * the gradient of a convolution with respect to its input, as TF's {@code conv2d_transpose} computes
 * it ({@code Conv2DBackpropInput}). The kernel has shape (kh, kw, filters, in_channels), as Keras's.
 * The output size per axis is Keras's: {@code in * strides} with "same" padding, {@code (in - 1) *
 * strides + max(kernel, strides)} with "valid"; with {@code output_padding}, {@code (in - 1) * strides
 * + kernel (valid) or kernel % 2 (same) + output_padding}.
 *
 * <pre>{@code new Conv2DTranspose(8, 3, 3).strides(2, 2).padding("same")}</pre>
 */
public class Conv2DTranspose extends AbstractConv<Conv2DTranspose> {
  private final int filters;
  private int[] outputPadding;

  /**
   * @param filters number of output channels
   * @param kernelSize (height, width), or one int for a square kernel
   */
  public Conv2DTranspose(int filters, int... kernelSize) {
    super(2, kernelSize, "kernel", "kernel");
    if (filters <= 0) {
      throw new IllegalArgumentException(
          "Invalid value for argument `filters`. Expected a strictly positive value. Received filters=" + filters + ".");
    }
    this.filters = filters;
  }

  @Override
  protected Conv2DTranspose self() {
    return this;
  }

  /**
   * Keras's {@code output_padding}: extra rows and columns at the end of the output, each below the
   * stride; {@code null} (the default) lets the output size follow from the padding.
   */
  public Conv2DTranspose outputPadding(int... outputPadding) {
    if (outputPadding == null) {
      this.outputPadding = null;
      return this;
    }
    int[] p = Configs.tupleAllowZero("output_padding", outputPadding, 2);
    checkOutputPadding(p, strides());
    this.outputPadding = p;
    return this;
  }

  @Override
  public Conv2DTranspose strides(int... strides) {
    super.strides(strides);
    if (outputPadding != null) {
      checkOutputPadding(outputPadding, strides());
    }
    return this;
  }

  private static void checkOutputPadding(int[] outputPadding, int[] strides) {
    for (int i = 0; i < 2; i++) {
      if (outputPadding[i] >= strides[i]) {
        throw new IllegalArgumentException("`output_padding` must be strictly less than `strides` for all dimensions."
            + " At dimension " + i + ", `output_padding` is " + outputPadding[i] + " but `strides` is " + strides[i]
            + ". Received: output_padding=" + Arrays.toString(outputPadding) + ", strides=" + Arrays.toString(strides));
      }
    }
  }

  public int filters() {
    return filters;
  }

  /** The output padding, or null (Keras's None). */
  public int[] outputPadding() {
    return outputPadding == null ? null : outputPadding.clone();
  }

  @Override
  protected Shape kernelShape(Shape inputShape) {
    int[] k = kernelSize();
    return Shape.of(k[0], k[1], filters, inputChannels(inputShape));
  }

  @Override
  protected long outputChannels(Shape inputShape) {
    return filters;
  }

  /** Keras's {@code _get_output_shape_given_tf_padding}. */
  @Override
  protected long outputLength(int axis, long inputLength) {
    if (inputLength < 0) {
      return -1;
    }
    int stride = strides()[axis];
    long kernel = (long) (kernelSize()[axis] - 1) * dilationRate()[axis] + 1;
    if (padding().equals("valid")) {
      long extra = outputPadding == null ? Math.max(kernel, stride) - kernel : outputPadding[axis];
      return (inputLength - 1) * stride + kernel + extra;
    }
    return outputPadding == null ? inputLength * stride : (inputLength - 1) * stride + kernel % 2 + outputPadding[axis];
  }

  /**
   * Refuses an output size that the forward convolution does not map back to the input size
   * (Keras's formula gives one for an even kernel with "same" padding and {@code output_padding}):
   * TF's {@code Conv2DBackpropInput} has no answer for it, and its oneDNN kernel aborts the process.
   */
  @Override
  protected void validateInputShape(Shape inputShape) {
    super.validateInputShape(inputShape);
    Shape in = DataFormats.channelsLast(inputShape, dataFormat());
    for (int axis = 0; axis < 2; axis++) {
      long n = in.get(axis + 1);
      if (n < 0) {
        continue;
      }
      long out = outputLength(axis, n);
      int stride = strides()[axis];
      long kernel = (long) (kernelSize()[axis] - 1) * dilationRate()[axis] + 1;
      long back = padding().equals("same") ? (out + stride - 1) / stride : (out - kernel) / stride + 1;
      if (back != n) {
        throw new IllegalArgumentException("Layer \"" + name() + "\" would give an output of size " + out + " on spatial axis "
            + axis + ", which a convolution with kernel_size=" + kernelSize()[axis] + ", strides=" + stride + ", padding=\""
            + padding() + "\" maps to " + back + ", not to the input's " + n + ": TF cannot transpose it. Received:"
            + " output_padding=" + Arrays.toString(outputPadding) + ", kernel_size=" + Arrays.toString(kernelSize()));
      }
    }
  }

  /**
   * TF's {@code conv2d_transpose}: {@code Conv2DBackpropInput} with the output shape as its input
   * sizes and the dilation as its {@code dilations} (the op's C++ gradient, unlike {@code Conv2D}'s,
   * honours them).
   */
  @Override
  protected Operand<TFloat32> convolve(CallContext ctx, Operand<TFloat32> x, Operand<TFloat32> kernel) {
    Ops tf = ctx.tf();
    Operand<TInt32> batch = tf.gather(tf.shape(x), tf.constant(0), tf.constant(0));
    Operand<TInt32> outputShape = tf.stack(List.of(batch, tf.constant((int) outputLength(0, x.shape().get(1))),
        tf.constant((int) outputLength(1, x.shape().get(2))), tf.constant(filters)));
    int[] s = strides();
    int[] d = dilationRate();
    return tf.nn.conv2dBackpropInput(outputShape, kernel, x, List.of(1L, (long) s[0], (long) s[1], 1L),
        padding().toUpperCase(Locale.ROOT), Conv2dBackpropInput.dilations(List.of(1L, (long) d[0], (long) d[1], 1L)));
  }

  /** TF's Conv2DBackpropInput (and its gradient's Conv2D) have bfloat16 and float16 CPU kernels. */
  @Override
  protected boolean coreSupportsComputeDtype() {
    return true;
  }

  @Override
  protected void putAfterPadding(Map<String, Object> c) {
    c.put("output_padding", outputPadding == null ? null : Configs.list(outputPadding));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("filters", filters);
    putWindowConfig(c);
    putKernelConfig(c, true);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static Conv2DTranspose fromConfig(Map<String, Object> config) {
    Config c = Config.of("Conv2DTranspose", config);
    Conv2DTranspose layer = new Conv2DTranspose(c.getInt("filters"), c.getInts("kernel_size"));
    withConvConfig(layer, c);
    return layer.outputPadding(c.get("output_padding") == null ? null : c.getInts("output_padding"));
  }
}
