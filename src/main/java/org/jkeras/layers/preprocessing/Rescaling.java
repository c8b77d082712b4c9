package org.jkeras.layers.preprocessing;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.DTypes;
import org.jkeras.layers.Layer;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code Rescaling(scale, offset=0.0)}: {@code x * scale + offset}, in training and at
 * inference alike; {@code Rescaling(1.0 / 255)} maps 0..255 pixels to [0, 1]. A list of scales
 * multiplies the last axis channel by channel, as EfficientNet's stem does with ImageNet weights.
 */
public class Rescaling extends Layer {
  private final double scale;
  private final double[] scales;
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
    this.scales = null;
    this.offset = offset;
  }

  /** {@code Rescaling([s0, s1, ...], offset)}: one scale per index of the last axis. */
  public Rescaling(double[] scales, double offset) {
    if (scales.length == 0 || !Arrays.stream(scales).allMatch(Double::isFinite) || !Double.isFinite(offset)) {
      throw new IllegalArgumentException("Expected finite `scale` values and `offset`. Received: scale="
          + Arrays.toString(scales) + ", offset=" + offset);
    }
    this.scale = Double.NaN;
    this.scales = scales.clone();
    this.offset = offset;
  }

  /** The scalar scale (NaN when the scale is a list, see {@link #scales()}). */
  public double scale() {
    return scale;
  }

  /** The per-channel scales, or null for a scalar scale. */
  public double[] scales() {
    return scales == null ? null : scales.clone();
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
    Operand<TFloat32> factor;
    if (scales == null) {
      factor = tf.constant((float) scale);
    } else {
      float[] f = new float[scales.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) scales[i];
      }
      factor = tf.constant(f);
    }
    // As Keras's: the scale and the offset cast to the compute dtype (x's, which invoke cast to it).
    return tf.math.add(tf.math.mul(x, DTypes.cast(tf, factor, DTypes.dtypeOf(x))), DTypes.constantLike(tf, offset, x));
  }

  /** Computes in any float dtype (mixed precision), as Keras's: its scale and offset in the input's dtype. */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    return inputShape;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("scale", scales == null ? (Object) scale : Arrays.stream(scales).boxed().toList());
    c.put("offset", offset);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static Rescaling fromConfig(Map<String, Object> config) {
    Config c = Config.of("Rescaling", config);
    double offset = c.getDouble("offset", 0.0);
    Rescaling r = c.get("scale") instanceof List ? new Rescaling(c.getDoublesOrNull("scale"), offset)
        : new Rescaling(c.getDouble("scale"), offset);
    return withBaseConfig(r, c);
  }
}
