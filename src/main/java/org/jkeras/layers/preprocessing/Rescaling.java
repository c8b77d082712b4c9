package org.jkeras.layers.preprocessing;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.layers.Layer;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code Rescaling(scale, offset=0.0)}: {@code x * scale + offset}, in training and at
 * inference alike; {@code Rescaling(1.0 / 255)} maps 0..255 pixels to [0, 1].
 */
public class Rescaling extends Layer {
  private final double scale;
  private final double offset;

  public Rescaling(double scale) {
    this(scale, 0.0);
  }

  public Rescaling(double scale, double offset) {
    if (!Double.isFinite(scale) || !Double.isFinite(offset)) {
      throw new IllegalArgumentException(
          "Expected finite `scale` and `offset`. Received: scale=" + scale + ", offset=" + offset);
    }
    this.scale = scale;
    this.offset = offset;
  }

  public double scale() {
    return scale;
  }

  public double offset() {
    return offset;
  }

  @Override
  public Rescaling name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public Rescaling inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    return tf.math.add(tf.math.mul(x, tf.constant((float) scale)), tf.constant((float) offset));
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    return inputShape;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("scale", scale);
    c.put("offset", offset);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static Rescaling fromConfig(Map<String, Object> config) {
    Config c = Config.of("Rescaling", config);
    return withBaseConfig(new Rescaling(c.getDouble("scale"), c.getDouble("offset", 0.0)), c);
  }
}
