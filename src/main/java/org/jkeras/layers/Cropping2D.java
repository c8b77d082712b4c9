package org.jkeras.layers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.Shapes;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code Cropping2D(cropping=((0, 0), (0, 0)), data_format=None)}: removes rows and columns
 * at the borders of each feature map. The forms are ZeroPadding2D's: {@code new Cropping2D(2)},
 * {@code new Cropping2D(1, 2)} ({@code cropping=(1, 2)}), {@code new Cropping2D(new int[][] {{top,
 * bottom}, {left, right}})}. Cropping a whole dimension away is refused, as Keras refuses it.
 */
public class Cropping2D extends Layer {
  private final int[][] cropping;
  private String dataFormat = DataFormat.CHANNELS_LAST;

  /** {@code Cropping2D()}: crops nothing. */
  public Cropping2D() {
    this(0);
  }

  public Cropping2D(int cropping) {
    this.cropping = SpatialPairs.of("cropping", cropping);
  }

  /** {@code cropping=(symmetric_height, symmetric_width)}. */
  public Cropping2D(int height, int width) {
    this.cropping = SpatialPairs.of("cropping", height, width);
  }

  /** {@code cropping=((top, bottom), (left, right))}. */
  public Cropping2D(int[][] cropping) {
    this.cropping = SpatialPairs.of("cropping", cropping);
  }

  /** Keras's {@code data_format}: "channels_last" (default) or "channels_first". */
  public Cropping2D dataFormat(String dataFormat) {
    this.dataFormat = DataFormat.check(dataFormat);
    return this;
  }

  @Override
  public Cropping2D name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public Cropping2D inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  /** {@code ((top, bottom), (left, right))}. */
  public int[][] cropping() {
    return new int[][] {cropping[0].clone(), cropping[1].clone()};
  }

  @Override
  protected void validateInputShape(Shape inputShape) {
    if (inputShape.numDimensions() != 4) {
      throw new IllegalArgumentException("Input 0 of layer \"" + name() + "\" is incompatible with the layer: expected"
          + " ndim=4, found ndim=" + inputShape.numDimensions() + ". Full shape received: " + Shapes.format(inputShape));
    }
    int h = DataFormat.heightAxis(dataFormat);
    for (int i = 0; i < 2; i++) {
      long d = inputShape.get(h + i);
      if (d < 0) {
        throw new IllegalArgumentException("Layer \"" + name() + "\" needs a known height and width to crop. Received:"
            + " input_shape=" + Shapes.format(inputShape));
      }
      if (cropping[i][0] + cropping[i][1] >= d) {
        throw new IllegalArgumentException("Values in `cropping` argument should be smaller than the corresponding"
            + " spatial dimension of the input. Received: input_shape=" + Shapes.format(inputShape) + ", cropping="
            + Arrays.deepToString(cropping));
      }
    }
  }

  @Override
  protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    int h = DataFormat.heightAxis(dataFormat);
    // int32 begin and size: the C++ gradient of Slice subtracts them from the int32 input shape.
    int[] begin = new int[4];
    int[] size = {-1, -1, -1, -1};
    for (int i = 0; i < 2; i++) {
      begin[h + i] = cropping[i][0];
      size[h + i] = Math.toIntExact(x.shape().get(h + i)) - cropping[i][0] - cropping[i][1];
    }
    return tf.slice(x, tf.constant(begin), tf.constant(size));
  }

  /** Computes in any float dtype (mixed precision): a slice. */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    long[] dims = inputShape.asArray();
    int h = DataFormat.heightAxis(dataFormat);
    for (int i = 0; i < 2; i++) {
      if (dims[h + i] >= 0) {
        dims[h + i] -= cropping[i][0] + cropping[i][1];
      }
    }
    return Shape.of(dims);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("cropping", SpatialPairs.toConfig(cropping));
    c.put("data_format", dataFormat);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static Cropping2D fromConfig(Map<String, Object> config) {
    Config c = Config.of("Cropping2D", config);
    Cropping2D l = c.has("cropping") ? new Cropping2D(SpatialPairs.fromConfig("cropping", c.get("cropping")))
        : new Cropping2D();
    return withBaseConfig(l.dataFormat(c.getString("data_format", DataFormat.CHANNELS_LAST)), c);
  }
}
