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
 * Keras's {@code RandomShear(x_factor=0.0, y_factor=0.0, interpolation="bilinear",
 * fill_mode="reflect", fill_value=0.0, seed=None)}: in training, each image is sheared by {@code
 * (sx, sy)}, {@code sx ~ U[x_factor]}, {@code sy ~ U[y_factor]}, both negated together by a fair
 * coin; output (x, y) samples the input at {@code (x + sx y, sy x + y)} (about the top-left
 * corner, as Keras's matrix {@code [1, sx, 0, sy, 1, 0, 0, 0]}). The identity at inference.
 *
 * <p>Each factor a number {@code f} in [0, 1] meaning {@code (-f, f)}, or a pair (Keras wants
 * numbers in [0, 1]; jkeras takes [-1, 1] so that the configs Keras writes load). Transformation: (batch, 2), {@code [sx, sy]}, signs applied.
 */
public class RandomShear extends BaseAffineImageLayer {
  private final double[] xFactor;
  private final double[] yFactor;

  public RandomShear(double xFactor, double yFactor) {
    this(new double[] {xFactor}, new double[] {yFactor});
  }

  /** Each factor one number or a pair. */
  public RandomShear(double[] xFactor, double[] yFactor) {
    this.xFactor = shearFactor(xFactor, "x_factor");
    this.yFactor = shearFactor(yFactor, "y_factor");
  }

  static double[] shearFactor(double[] f, String name) {
    String msg = "The `factor` argument should be a number (or a list of two numbers) in the range [0, 1.0]. Received: "
        + name + "=" + format(f);
    if (f == null || f.length < 1 || f.length > 2) {
      throw new IllegalArgumentException(msg);
    }
    for (double v : f) {
      // A pair may hold negatives: Keras's get_config writes x_factor=0.3 as (-0.3, 0.3), which
      // Keras 3.15's own from_config then refuses; jkeras loads it.
      if (!(v >= (f.length == 2 ? -1 : 0) && v <= 1)) {
        throw new IllegalArgumentException(msg);
      }
    }
    return f.length == 1 ? new double[] {-f[0], f[0]} : new double[] {Math.min(f[0], f[1]), Math.max(f[0], f[1])};
  }

  public double[] xFactor() {
    return xFactor.clone();
  }

  public double[] yFactor() {
    return yFactor.clone();
  }

  @Override
  public RandomShear fillMode(String fillMode) {
    super.fillMode(fillMode);
    return this;
  }

  @Override
  public RandomShear interpolation(String interpolation) {
    super.interpolation(interpolation);
    return this;
  }

  @Override
  public RandomShear fillValue(double fillValue) {
    super.fillValue(fillValue);
    return this;
  }

  @Override
  public RandomShear seed(Long seed) {
    super.seed(seed);
    return this;
  }

  @Override
  public RandomShear name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public RandomShear inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public Operand<TFloat32> getRandomTransformation(CallContext ctx, Operand<TFloat32> images) {
    Ops tf = ctx.tf();
    Operand<TFloat32> coin = uniform(tf, images, 1, 0, 1, nextSeed(ctx, 0));
    Operand<TFloat32> sign = tf.select(tf.math.greater(coin, tf.constant(0.5f)), tf.math.neg(ImageMath.ones(tf, coin)),
        ImageMath.ones(tf, coin));
    Operand<TFloat32> sy = uniform(tf, images, 1, yFactor[0], yFactor[1], nextSeed(ctx, 1));
    Operand<TFloat32> sx = uniform(tf, images, 1, xFactor[0], xFactor[1], nextSeed(ctx, 2));
    return tf.math.mul(ImageMath.concat(tf, List.of(sx, sy)), sign);
  }

  @Override
  protected Operand<TFloat32> transforms(Ops tf, Operand<TFloat32> images, Operand<TFloat32> shear) {
    Operand<TFloat32> sx = column(tf, shear, 0);
    Operand<TFloat32> sy = column(tf, shear, 1);
    Operand<TFloat32> one = ImageMath.ones(tf, sx);
    Operand<TFloat32> zero = tf.zerosLike(sx);
    return rows(tf, List.of(one, sx, zero, sy, one, zero, zero, zero));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("x_factor", pair(xFactor));
    c.put("y_factor", pair(yFactor));
    return inKerasOrder(c, "name", "trainable", "dtype", "data_format", "x_factor", "y_factor", "fill_mode", "interpolation",
        "seed", "fill_value");
  }

  /** Keras's {@code from_config}. */
  public static RandomShear fromConfig(Map<String, Object> config) {
    Config c = Config.of("RandomShear", config);
    double[] x = c.has("x_factor") ? numbersOf(c, "x_factor") : new double[] {0};
    double[] y = c.has("y_factor") ? numbersOf(c, "y_factor") : new double[] {0};
    return withAffineConfig(new RandomShear(x, y), c);
  }

  /** False, as Keras's {@code supports_jit} for this layer. */
  @Override
  public boolean supportsJit() {
    return false;
  }
}
