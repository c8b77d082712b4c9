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
 * Keras's {@code RandomTranslation(height_factor, width_factor, fill_mode="reflect",
 * interpolation="bilinear", seed=None, fill_value=0.0)}: in training, each image is shifted by
 * {@code dy ~ U[lower, upper] * height} pixels down and {@code dx ~ U[...] * width} pixels right
 * (negative factors shift up/left). The identity at inference.
 *
 * <p>Factors: one number {@code f} in [-1, 1] meaning {@code (-|f|, |f|)}, or a pair.
 * Transformation: (batch, 2), {@code [dx, dy]} in pixels.
 */
public class RandomTranslation extends BaseAffineImageLayer {
  private final double[] heightFactor;
  private final double[] widthFactor;
  /** The factors as given, for the config: Keras keeps a number as a number. */
  private final double[] heightFactorArg;
  private final double[] widthFactorArg;

  public RandomTranslation(double heightFactor, double widthFactor) {
    this(new double[] {heightFactor}, new double[] {widthFactor});
  }

  /** Factors as Keras takes them: one number or a (lower, upper) pair each. */
  public RandomTranslation(double[] heightFactor, double[] widthFactor) {
    this.heightFactor = shiftFactor(heightFactor, "height_factor");
    this.widthFactor = shiftFactor(widthFactor, "width_factor");
    this.heightFactorArg = heightFactor.clone();
    this.widthFactorArg = widthFactor.clone();
  }

  private static double[] shiftFactor(double[] f, String arg) {
    String msg = "The `factor` argument should be a number (or a list of two numbers) in the range [-1.0, 1.0]. ";
    if (f == null || (f.length != 1 && f.length != 2)) {
      throw new IllegalArgumentException(msg + "Received: " + arg + "=" + format(f));
    }
    for (double v : f) {
      if (!(v <= 1.0 && v >= -1.0)) {
        throw new IllegalArgumentException(msg + "Received: input_number=" + v);
      }
    }
    if (f.length == 2) {
      return new double[] {Math.min(f[0], f[1]), Math.max(f[0], f[1])};
    }
    double a = Math.abs(f[0]);
    return new double[] {-a, a};
  }

  public double[] heightFactor() {
    return heightFactor.clone();
  }

  public double[] widthFactor() {
    return widthFactor.clone();
  }

  @Override
  public RandomTranslation fillMode(String fillMode) {
    super.fillMode(fillMode);
    return this;
  }

  @Override
  public RandomTranslation interpolation(String interpolation) {
    super.interpolation(interpolation);
    return this;
  }

  @Override
  public RandomTranslation fillValue(double fillValue) {
    super.fillValue(fillValue);
    return this;
  }

  @Override
  public RandomTranslation seed(Long seed) {
    super.seed(seed);
    return this;
  }

  @Override
  public RandomTranslation name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public RandomTranslation inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public Operand<TFloat32> getRandomTransformation(CallContext ctx, Operand<TFloat32> images) {
    Ops tf = ctx.tf();
    float h = images.shape().get(1);
    float w = images.shape().get(2);
    Operand<TFloat32> dy = tf.math.mul(uniform(tf, images, 1, heightFactor[0], heightFactor[1], nextSeed(ctx, 0)),
        tf.constant(h));
    Operand<TFloat32> dx = tf.math.mul(uniform(tf, images, 1, widthFactor[0], widthFactor[1], nextSeed(ctx, 1)),
        tf.constant(w));
    return tf.concat(List.of(dx, dy), tf.constant(1));
  }

  /** Keras's {@code _get_translation_matrix}: {@code [1, 0, -dx, 0, 1, -dy, 0, 0]}. */
  @Override
  protected Operand<TFloat32> transforms(Ops tf, Operand<TFloat32> images, Operand<TFloat32> translations) {
    Operand<TFloat32> dx = column(tf, translations, 0);
    Operand<TFloat32> dy = column(tf, translations, 1);
    Operand<TFloat32> one = tf.onesLike(dx);
    Operand<TFloat32> zero = tf.zerosLike(dx);
    return rows(tf, List.of(one, zero, tf.math.neg(dx), zero, one, tf.math.neg(dy), zero, zero));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("height_factor", factorConfig(heightFactorArg));
    c.put("width_factor", factorConfig(widthFactorArg));
    return inKerasOrder(c, "name", "trainable", "dtype", "data_format", "height_factor", "width_factor", "fill_mode",
        "interpolation", "seed", "fill_value");
  }

  /** Keras's {@code from_config}. */
  public static RandomTranslation fromConfig(Map<String, Object> config) {
    Config c = Config.of("RandomTranslation", config);
    return withAffineConfig(new RandomTranslation(c.getDoublesOrNull("height_factor"), c.getDoublesOrNull("width_factor")), c);
  }

  /** False, as Keras's {@code supports_jit} for this layer. */
  @Override
  public boolean supportsJit() {
    return false;
  }
}
