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
 * Keras's {@code ZeroPadding2D(padding=(1, 1), data_format=None)}: adds rows and columns of zeros
 * around each feature map. {@code new ZeroPadding2D(2)} pads every side by 2, {@code new
 * ZeroPadding2D(1, 2)} is {@code padding=(1, 2)} (1 above and below, 2 left and right), and {@code
 * new ZeroPadding2D(new int[][] {{top, bottom}, {left, right}})} is the full form.
 */
public class ZeroPadding2D extends Layer {
  private final int[][] padding;
  private String dataFormat = DataFormat.CHANNELS_LAST;

  /** {@code ZeroPadding2D()}: one row and column of zeros on each side. */
  public ZeroPadding2D() {
    this(1, 1);
  }

  public ZeroPadding2D(int padding) {
    this.padding = SpatialPairs.of("padding", padding);
  }

  /** {@code padding=(symmetric_height, symmetric_width)}. */
  public ZeroPadding2D(int height, int width) {
    this.padding = SpatialPairs.of("padding", height, width);
  }

  /** {@code padding=((top, bottom), (left, right))}. */
  public ZeroPadding2D(int[][] padding) {
    this.padding = SpatialPairs.of("padding", padding);
  }

  /** Keras's {@code data_format}: "channels_last" (default) or "channels_first". */
  public ZeroPadding2D dataFormat(String dataFormat) {
    this.dataFormat = DataFormat.check(dataFormat);
    return this;
  }

  @Override
  public ZeroPadding2D name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public ZeroPadding2D inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  /** {@code ((top, bottom), (left, right))}. */
  public int[][] padding() {
    return new int[][] {padding[0].clone(), padding[1].clone()};
  }

  @Override
  protected void validateInputShape(Shape inputShape) {
    if (inputShape.numDimensions() != 4) {
      throw new IllegalArgumentException("Input 0 of layer \"" + name() + "\" is incompatible with the layer: expected"
          + " ndim=4, found ndim=" + inputShape.numDimensions() + ". Full shape received: " + Shapes.format(inputShape));
    }
  }

  @Override
  protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    int h = DataFormat.heightAxis(dataFormat);
    int[][] all = new int[4][2];
    all[h] = padding[0];
    all[h + 1] = padding[1];
    return tf.pad(x, tf.constant(all), DTypes.constantLike(tf, 0, x));
  }

  /** Computes in any float dtype (mixed precision): zeros in the input's dtype. */
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
        dims[h + i] += padding[i][0] + padding[i][1];
      }
    }
    return Shape.of(dims);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("padding", SpatialPairs.toConfig(padding));
    c.put("data_format", dataFormat);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static ZeroPadding2D fromConfig(Map<String, Object> config) {
    Config c = Config.of("ZeroPadding2D", config);
    ZeroPadding2D l = c.has("padding") ? new ZeroPadding2D(SpatialPairs.fromConfig("padding", c.get("padding")))
        : new ZeroPadding2D();
    return withBaseConfig(l.dataFormat(c.getString("data_format", DataFormat.CHANNELS_LAST)), c);
  }
}
