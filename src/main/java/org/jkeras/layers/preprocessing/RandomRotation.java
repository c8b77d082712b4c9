package org.jkeras.layers.preprocessing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code RandomRotation(factor, fill_mode="reflect", interpolation="bilinear", seed=None,
 * fill_value=0.0)}: in training, each image is rotated by an angle drawn uniformly from
 * {@code [lower * 360, upper * 360]} degrees about its centre ((w - 1) / 2, (h - 1) / 2), keeping
 * the image size (unlike the seed's {@code random_rotate}, which enlarges the canvas). The
 * identity at inference.
 *
 * <p>{@code factor}: a fraction of a full turn, one number {@code f} meaning {@code (-|f|, |f|)},
 * or a pair. Transformation: (batch, 1), the angles in degrees.
 */
public class RandomRotation extends BaseAffineImageLayer {
  private final double[] factor;

  public RandomRotation(double factor) {
    this.factor = factor(new double[] {factor}, -1, 1);
  }

  public RandomRotation(double lower, double upper) {
    this.factor = factor(new double[] {lower, upper}, -1, 1);
  }

  public double[] factor() {
    return factor.clone();
  }

  @Override
  public RandomRotation fillMode(String fillMode) {
    super.fillMode(fillMode);
    return this;
  }

  @Override
  public RandomRotation interpolation(String interpolation) {
    super.interpolation(interpolation);
    return this;
  }

  @Override
  public RandomRotation fillValue(double fillValue) {
    super.fillValue(fillValue);
    return this;
  }

  @Override
  public RandomRotation seed(Long seed) {
    super.seed(seed);
    return this;
  }

  @Override
  public RandomRotation name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public RandomRotation inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public Operand<TFloat32> getRandomTransformation(CallContext ctx, Operand<TFloat32> images) {
    Ops tf = ctx.tf();
    return uniform(tf, images, 1, factor[0] * 360.0, factor[1] * 360.0, nextSeed(ctx, 0));
  }

  /** Keras's {@code _compute_affine_matrix} for a rotation about the centre, in float32 as Keras. */
  @Override
  protected Operand<TFloat32> transforms(Ops tf, Operand<TFloat32> images, Operand<TFloat32> angles) {
    float cx = 0.5f * ((float) images.shape().get(2) - 1f);
    float cy = 0.5f * ((float) images.shape().get(1) - 1f);
    Operand<TFloat32> rad = tf.math.mul(angles, tf.constant((float) (Math.PI / 180.0)));
    Operand<TFloat32> cos = tf.math.cos(rad);
    Operand<TFloat32> sin = tf.math.sin(rad);
    Operand<TFloat32> a0 = cos;
    Operand<TFloat32> a1 = tf.math.neg(sin);
    Operand<TFloat32> b0 = sin;
    Operand<TFloat32> b1 = cos;
    // a2 = cx - cx * a0 - cy * a1; b2 = cy - cx * b0 - cy * b1
    Operand<TFloat32> a2 = tf.math.sub(tf.math.sub(tf.constant(cx), tf.math.mul(tf.constant(cx), a0)),
        tf.math.mul(tf.constant(cy), a1));
    Operand<TFloat32> b2 = tf.math.sub(tf.math.sub(tf.constant(cy), tf.math.mul(tf.constant(cx), b0)),
        tf.math.mul(tf.constant(cy), b1));
    Operand<TFloat32> zero = tf.zerosLike(angles);
    return rows(tf, List.of(a0, a1, a2, b0, b1, b2, zero, zero));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("factor", pair(factor));
    return inKerasOrder(c, "name", "trainable", "dtype", "data_format", "factor");
  }

  /** Keras's {@code from_config}. */
  public static RandomRotation fromConfig(Map<String, Object> config) {
    Config c = Config.of("RandomRotation", config);
    double[] f = numbersOf(c, "factor");
    RandomRotation layer = f.length == 1 ? new RandomRotation(f[0]) : new RandomRotation(f[0], f[1]);
    return withAffineConfig(layer, c);
  }

  /** False, as Keras's {@code supports_jit} for this layer. */
  @Override
  public boolean supportsJit() {
    return false;
  }
}
