package org.jkeras.layers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.DTypes;
import org.jkeras.backend.Shapes;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.ResizeBicubic;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Keras's {@code UpSampling2D(size=(2, 2), data_format=None, interpolation="nearest")}: repeats
 * each row {@code size[0]} times and each column {@code size[1]} times. {@code new UpSampling2D(2,
 * 2)} is {@code UpSampling2D((2, 2))}.
 *
 * <p>As Keras: "nearest" repeats rows and columns ({@code ops.repeat}); "bilinear" and "bicubic"
 * resize to {@code (size[0] * height, size[1] * width)} as {@code tf.image.resize} does (half-pixel
 * centres, no antialiasing), which samples the input at {@code (i + 0.5) / size - 0.5}. Keras's
 * other resize methods are not implemented ("area" has no gradient in TF's graph mode).
 */
public class UpSampling2D extends Layer {
  static final List<String> INTERPOLATIONS = List.of("nearest", "bilinear", "bicubic");

  private final int[] size;
  private String dataFormat = DataFormat.CHANNELS_LAST;
  private String interpolation = "nearest";

  /** {@code UpSampling2D()}: size (2, 2). */
  public UpSampling2D() {
    this(2);
  }

  /** {@code size}: one factor for both axes, or (rows, columns). */
  public UpSampling2D(int... size) {
    this.size = Configs.tuple("size", size, 2);
  }

  /** Keras's {@code interpolation}: "nearest" (default), "bilinear" or "bicubic". */
  public UpSampling2D interpolation(String interpolation) {
    String i = interpolation == null ? null : interpolation.toLowerCase(Locale.ROOT);
    if (!INTERPOLATIONS.contains(i)) {
      throw new IllegalArgumentException("Invalid value for argument `interpolation`: jkeras's UpSampling2D supports "
          + INTERPOLATIONS + ". Received: interpolation=" + interpolation);
    }
    this.interpolation = i;
    return this;
  }

  /** Keras's {@code data_format}: "channels_last" (default) or "channels_first". */
  public UpSampling2D dataFormat(String dataFormat) {
    this.dataFormat = DataFormat.check(dataFormat);
    return this;
  }

  @Override
  public UpSampling2D name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public UpSampling2D inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  public int[] size() {
    return size.clone();
  }

  public String interpolation() {
    return interpolation;
  }

  @Override
  protected void validateInputShape(Shape inputShape) {
    if (inputShape.numDimensions() != 4) {
      throw new IllegalArgumentException("Input 0 of layer \"" + name() + "\" is incompatible with the layer: expected"
          + " ndim=4, found ndim=" + inputShape.numDimensions() + ". Full shape received: " + Shapes.format(inputShape));
    }
    for (int i = 1; i < 4; i++) {
      if (inputShape.get(i) < 0) {
        throw new IllegalArgumentException("Layer \"" + name() + "\" needs known non-batch dimensions to upsample."
            + " Received: input_shape=" + Shapes.format(inputShape));
      }
    }
  }

  @Override
  protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    boolean first = DataFormat.CHANNELS_FIRST.equals(dataFormat);
    Operand<TFloat32> y = first ? tf.linalg.transpose(x, tf.constant(new int[] {0, 2, 3, 1})) : x;
    long h = y.shape().get(1);
    long w = y.shape().get(2);
    switch (interpolation) {
      case "nearest":
        y = repeat(tf, repeat(tf, y, 1, size[0]), 2, size[1]);
        break;
      case "bilinear":
        // TF's resize ops output float32 whatever their input's dtype: cast back to it, as Keras does.
        y = DTypes.cast(tf, tf.image.resizeBilinear(DTypes.toFloat32(tf, y), newSize(tf, h, w),
            ResizeBilinear.halfPixelCenters(true)), DTypes.dtypeOf(x));
        break;
      default:
        y = DTypes.cast(tf, tf.image.resizeBicubic(DTypes.toFloat32(tf, y), newSize(tf, h, w),
            ResizeBicubic.halfPixelCenters(true)), DTypes.dtypeOf(x));
        break;
    }
    return first ? tf.linalg.transpose(y, tf.constant(new int[] {0, 3, 1, 2})) : y;
  }

  private Operand<TInt32> newSize(Ops tf, long h, long w) {
    return tf.constant(new int[] {Math.toIntExact(h * size[0]), Math.toIntExact(w * size[1])});
  }

  /** {@code ops.repeat(x, n, axis)} on a rank-4 NHWC tensor of known non-batch dimensions. */
  private static Operand<TFloat32> repeat(Ops tf, Operand<TFloat32> x, int axis, int n) {
    if (n == 1) {
      return x;
    }
    long[] dims = x.shape().asArray();
    int[] multiples = {1, 1, 1, 1, 1};
    multiples[axis + 1] = n;
    Operand<TFloat32> tiled = tf.tile(tf.expandDims(x, tf.constant(axis + 1)), tf.constant(multiples));
    dims[0] = -1;
    dims[axis] *= n;
    return tf.reshape(tiled, tf.constant(dims));
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    long[] dims = inputShape.asArray();
    int h = DataFormat.heightAxis(dataFormat);
    for (int i = 0; i < 2; i++) {
      if (dims[h + i] >= 0) {
        dims[h + i] *= size[i];
      }
    }
    return Shape.of(dims);
  }

  /**
   * Computes in any float dtype (mixed precision): nearest repeats the input; bilinear and bicubic
   * resize it in float32 (exact for a bfloat16 or float16 input) and round the result to its dtype.
   */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("size", Configs.list(size));
    c.put("data_format", dataFormat);
    c.put("interpolation", interpolation);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static UpSampling2D fromConfig(Map<String, Object> config) {
    Config c = Config.of("UpSampling2D", config);
    UpSampling2D l = c.has("size") ? new UpSampling2D(c.getInts("size")) : new UpSampling2D();
    l.dataFormat(c.getString("data_format", DataFormat.CHANNELS_LAST)).interpolation(c.getString("interpolation", "nearest"));
    return withBaseConfig(l, c);
  }
}
