package org.jkeras.layers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.Shapes;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code GlobalAveragePooling2D(data_format="channels_last", keepdims=False)}: the mean of
 * each channel over height and width, (batch, h, w, c) to (batch, c), or (batch, 1, 1, c) with
 * {@code keepdims}.
 */
public class GlobalAveragePooling2D extends Layer {
  private String dataFormat = "channels_last";
  private boolean keepdims;

  /** Keras's {@code data_format}: {@code "channels_last"} (default, NHWC) or {@code "channels_first"} (NCHW). */
  public GlobalAveragePooling2D dataFormat(String dataFormat) {
    if (!"channels_last".equals(dataFormat) && !"channels_first".equals(dataFormat)) {
      throw new IllegalArgumentException("The `data_format` argument must be one of {'channels_first', 'channels_last'}."
          + " Received: data_format=" + dataFormat);
    }
    this.dataFormat = dataFormat;
    return this;
  }

  /** Keras's {@code keepdims}: keep the pooled axes with size 1. */
  public GlobalAveragePooling2D keepdims(boolean keepdims) {
    this.keepdims = keepdims;
    return this;
  }

  @Override
  public GlobalAveragePooling2D name(String name) {
    super.name(name);
    return this;
  }

  private int[] axes() {
    return "channels_last".equals(dataFormat) ? new int[] {1, 2} : new int[] {2, 3};
  }

  @Override
  protected void validateInputShape(Shape inputShape) {
    if (inputShape.numDimensions() != 4) {
      throw new IllegalArgumentException("Input 0 of layer \"" + name() + "\" is incompatible with the layer: expected ndim=4,"
          + " found ndim=" + inputShape.numDimensions() + ". Full shape received: " + Shapes.format(inputShape));
    }
  }

  @Override
  protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    return tf.math.mean(x, tf.constant(axes()), Mean.keepDims(keepdims));
  }

  @Override
  public Shape computeOutputShape(Shape s) {
    int[] a = axes();
    if (keepdims) {
      long[] d = s.asArray().clone();
      d[a[0]] = 1;
      d[a[1]] = 1;
      return Shape.of(d);
    }
    return "channels_last".equals(dataFormat) ? Shape.of(s.get(0), s.get(3)) : Shape.of(s.get(0), s.get(1));
  }

  /** Keras builds this layer when it is made: its saved config has no {@code build_config}. */
  @Override
  protected boolean buildsAtInit() {
    return true;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("data_format", dataFormat);
    c.put("keepdims", keepdims);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static GlobalAveragePooling2D fromConfig(Map<String, Object> config) {
    Config c = Config.of("GlobalAveragePooling2D", config);
    GlobalAveragePooling2D l = new GlobalAveragePooling2D().dataFormat(c.getString("data_format", "channels_last"))
        .keepdims(c.getBoolean("keepdims", false));
    return withBaseConfig(l, c);
  }
}
