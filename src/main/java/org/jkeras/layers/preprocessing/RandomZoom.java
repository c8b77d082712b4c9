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
 * Keras's {@code RandomZoom(height_factor, width_factor=None, fill_mode="reflect",
 * interpolation="bilinear", seed=None, fill_value=0.0)}: in training, each image is scaled about
 * its centre by {@code zy ~ U[1 + lower, 1 + upper]} vertically and {@code zx} horizontally
 * ({@code zx = zy} when {@code width_factor} is None, keeping the aspect ratio). A positive
 * factor zooms out, a negative one zooms in, as Keras's sampling matrix {@code diag(zx, zy)}
 * reads. The identity at inference.
 *
 * <p>Factors: one number {@code f} in (-1, 1] meaning {@code (-|f|, |f|)}, or a pair.
 * Transformation: (batch, 2), {@code [zx, zy]}.
 */
public class RandomZoom extends BaseAffineImageLayer {
  private final double[] heightFactor;
  private final double[] widthFactor;
  /** The factors as given, for the config: Keras keeps a number as a number. */
  private final double[] heightFactorArg;
  private final double[] widthFactorArg;

  public RandomZoom(double heightFactor) {
    this(new double[] {heightFactor}, null);
  }

  public RandomZoom(double heightFactor, double widthFactor) {
    this(new double[] {heightFactor}, new double[] {widthFactor});
  }

  /** Factors as Keras takes them: one number or a (lower, upper) pair each; {@code widthFactor} may be null. */
  public RandomZoom(double[] heightFactor, double[] widthFactor) {
    this.heightFactor = zoomFactor(heightFactor, "height_factor");
    this.widthFactor = widthFactor == null ? null : zoomFactor(widthFactor, "width_factor");
    this.heightFactorArg = heightFactor.clone();
    this.widthFactorArg = widthFactor == null ? null : widthFactor.clone();
  }

  private static double[] zoomFactor(double[] f, String arg) {
    String msg = "The `" + arg + "` argument should be a number (or a list of two numbers) in the range [-1.0, 1.0]. ";
    if (f == null || (f.length != 1 && f.length != 2)) {
      throw new IllegalArgumentException(msg + "Received: " + arg + "=" + format(f));
    }
    for (double v : f) {
      if (!(v <= 1.0 && v > -1.0)) {
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
    return widthFactor == null ? null : widthFactor.clone();
  }

  @Override
  public RandomZoom fillMode(String fillMode) {
    super.fillMode(fillMode);
    return this;
  }

  @Override
  public RandomZoom interpolation(String interpolation) {
    super.interpolation(interpolation);
    return this;
  }

  @Override
  public RandomZoom fillValue(double fillValue) {
    super.fillValue(fillValue);
    return this;
  }

  @Override
  public RandomZoom seed(Long seed) {
    super.seed(seed);
    return this;
  }

  @Override
  public RandomZoom name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public RandomZoom inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public Operand<TFloat32> getRandomTransformation(CallContext ctx, Operand<TFloat32> images) {
    Ops tf = ctx.tf();
    Operand<TFloat32> zy = uniform(tf, images, 1, 1.0 + heightFactor[0], 1.0 + heightFactor[1], nextSeed(ctx, 0));
    Operand<TFloat32> zx = widthFactor == null ? zy
        : uniform(tf, images, 1, 1.0 + widthFactor[0], 1.0 + widthFactor[1], nextSeed(ctx, 1));
    return tf.concat(List.of(zx, zy), tf.constant(1));
  }

  /** Keras's {@code _get_zoom_matrix}: {@code [zx, 0, (w - 1) / 2 * (1 - zx), 0, zy, (h - 1) / 2 * (1 - zy), 0, 0]}. */
  @Override
  protected Operand<TFloat32> transforms(Ops tf, Operand<TFloat32> images, Operand<TFloat32> zooms) {
    float halfW = ((float) images.shape().get(2) - 1f) / 2f;
    float halfH = ((float) images.shape().get(1) - 1f) / 2f;
    Operand<TFloat32> zx = column(tf, zooms, 0);
    Operand<TFloat32> zy = column(tf, zooms, 1);
    Operand<TFloat32> one = tf.onesLike(zx);
    Operand<TFloat32> zero = tf.zerosLike(zx);
    Operand<TFloat32> xOffset = tf.math.mul(tf.constant(halfW), tf.math.sub(one, zx));
    Operand<TFloat32> yOffset = tf.math.mul(tf.constant(halfH), tf.math.sub(one, zy));
    return rows(tf, List.of(zx, zero, xOffset, zero, zy, yOffset, zero, zero));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("height_factor", factorConfig(heightFactorArg));
    c.put("width_factor", widthFactorArg == null ? null : factorConfig(widthFactorArg));
    return inKerasOrder(c, "name", "trainable", "dtype", "data_format", "height_factor", "width_factor", "fill_mode",
        "interpolation", "seed", "fill_value");
  }

  /** Keras's {@code from_config}. */
  public static RandomZoom fromConfig(Map<String, Object> config) {
    Config c = Config.of("RandomZoom", config);
    return withAffineConfig(new RandomZoom(c.getDoublesOrNull("height_factor"), c.getDoublesOrNull("width_factor")), c);
  }

  /** False, as Keras's {@code supports_jit} for this layer. */
  @Override
  public boolean supportsJit() {
    return false;
  }
}
