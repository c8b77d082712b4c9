package org.jkeras.layers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.DTypes;
import org.jkeras.backend.Shapes;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code BaseConv}: {@link Conv1D}, {@link Conv2D} and {@link Conv3D} are this with 1, 2 or
 * 3 spatial axes. The kernel has shape (spatial..., in_channels / groups, filters). The window
 * arguments are in {@link AbstractConv}, those shared with {@link Dense} in {@link KernelLayer}.
 *
 * <p>{@code groups} above 1 splits the input channels and the filters into that many groups,
 * convolved separately ({@link Convolutions#conv}).
 *
 * @param <L> the concrete layer class
 */
public abstract class BaseConv<L extends BaseConv<L>> extends AbstractConv<L> {
  private final int filters;
  private int groups = 1;

  protected BaseConv(int rank, int filters, int[] kernelSize) {
    super(rank, kernelSize, "kernel", "kernel");
    if (filters <= 0) {
      throw new IllegalArgumentException(
          "Invalid value for argument `filters`. Expected a strictly positive value. Received filters=" + filters + ".");
    }
    this.filters = filters;
  }

  /** Keras's {@code groups}: a divisor of {@code filters} and of the input channels; 1 by default. */
  public L groups(int groups) {
    if (groups <= 0) {
      throw new IllegalArgumentException("The number of groups must be a positive integer. Received: groups=" + groups + ".");
    }
    if (filters % groups != 0) {
      throw new IllegalArgumentException("The number of filters must be evenly divisible by the number of groups."
          + " Received: groups=" + groups + ", filters=" + filters + ".");
    }
    this.groups = groups;
    return self();
  }

  public int filters() {
    return filters;
  }

  public int groups() {
    return groups;
  }

  @Override
  protected boolean allowsCausalPadding() {
    return rank() == 1;
  }

  @Override
  protected void validateInputShape(Shape inputShape) {
    super.validateInputShape(inputShape);
    if (inputChannels(inputShape) % groups != 0) {
      throw new IllegalArgumentException("The number of input channels must be evenly divisible by the number of groups."
          + " Received groups=" + groups + ", but the input has " + inputChannels(inputShape)
          + " channels (full input shape is " + Shapes.format(inputShape) + ").");
    }
  }

  @Override
  protected Shape kernelShape(Shape inputShape) {
    long[] dims = new long[rank() + 2];
    int[] k = kernelSize();
    for (int i = 0; i < k.length; i++) {
      dims[i] = k[i];
    }
    dims[rank()] = inputChannels(inputShape) / groups;
    dims[rank() + 1] = filters;
    return Shape.of(dims);
  }

  @Override
  protected long outputChannels(Shape inputShape) {
    return filters;
  }

  /**
   * {@code padding="causal"} (Conv1D) as Keras computes it: the input padded on the left by the
   * dilated kernel's extent - 1, then a "valid" convolution.
   */
  @Override
  protected Operand<TFloat32> convolve(CallContext ctx, Operand<TFloat32> x, Operand<TFloat32> kernel) {
    Ops tf = ctx.tf();
    String pad = padding();
    Operand<TFloat32> in = x;
    if (pad.equals("causal")) {
      int left = dilationRate()[0] * (kernelSize()[0] - 1);
      in = tf.pad(x, tf.constant(new int[][] {{0, 0}, {left, 0}, {0, 0}}), DTypes.constantLike(tf, 0, x));
      pad = "valid";
    }
    return Convolutions.conv(tf, in, kernel, kernelSize(), strides(), pad, dilationRate(), groups, name());
  }

  /**
   * TF's Conv2D and Conv3D have bfloat16 and float16 CPU kernels, and so have the backprop ops of
   * Conv3D's gradient ({@link Conv3DGradient}, which takes its dtype from the op's operands).
   */
  @Override
  protected boolean coreSupportsComputeDtype() {
    return true;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("filters", filters);
    putWindowConfig(c);
    c.put("groups", groups);
    putKernelConfig(c, true);
    return c;
  }

  /** For a subclass's {@code fromConfig}: {@code groups}, then {@link #withConvConfig}. */
  protected static <T extends BaseConv<T>> T withBaseConvConfig(T layer, Config config) {
    layer.groups(config.getInt("groups", 1));
    return withConvConfig(layer, config);
  }
}
