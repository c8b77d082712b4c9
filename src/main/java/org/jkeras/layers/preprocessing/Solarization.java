package org.jkeras.layers.preprocessing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.DTypes;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code Solarization(addition_factor=0.0, threshold_factor=0.0, value_range=(0, 255),
 * seed=None)}: in training, each image (mapped to 0..255) gets an addition, is clipped to 0..255,
 * and every value at or above a threshold becomes {@code 255 - x}; then it is mapped back. The
 * identity at inference. With the defaults every value is inverted.
 *
 * <p>Both factors are numbers {@code f} in [0, 1] meaning {@code (0, f)}, or pairs. As Keras
 * draws them, the addition is uniform in {@code [lower, upper * 255]} and so is the threshold: the
 * lower bound is not scaled (Keras 3.15's {@code get_random_transformation}). Transformation:
 * (batch, 2), {@code [addition, threshold]} on the 0..255 scale.
 */
public class Solarization extends BaseImagePreprocessingLayer {
  private final double[] additionFactor;
  private final double[] thresholdFactor;
  private double[] valueRange = {0, 255};

  public Solarization() {
    this(new double[] {0.0}, new double[] {0.0});
  }

  /** One number (meaning {@code (0, f)}) or a pair for each factor. */
  public Solarization(double[] additionFactor, double[] thresholdFactor) {
    this.additionFactor = factor01(additionFactor, "addition_factor");
    this.thresholdFactor = factor01(thresholdFactor, "threshold_factor");
  }

  public Solarization(double additionFactor, double thresholdFactor) {
    this(new double[] {additionFactor}, new double[] {thresholdFactor});
  }

  /** Keras's {@code Solarization._set_factor}: numbers in [0, 1]; one means {@code (0, f)}, two are sorted. */
  static double[] factor01(double[] f, String name) {
    String msg = "The `addition_factor` and `threshold_factor` arguments should be a number (or a list of two numbers)"
        + " in the range [0, 1]. Received: " + name + "=" + format(f);
    if (f == null || f.length < 1 || f.length > 2) {
      throw new IllegalArgumentException(msg);
    }
    for (double v : f) {
      if (!(v >= 0 && v <= 1)) {
        throw new IllegalArgumentException(msg);
      }
    }
    return f.length == 1 ? new double[] {0, f[0]} : new double[] {Math.min(f[0], f[1]), Math.max(f[0], f[1])};
  }

  public Solarization valueRange(double low, double high) {
    this.valueRange = ValueRange.check(low, high);
    return this;
  }

  public double[] additionFactor() {
    return additionFactor.clone();
  }

  public double[] thresholdFactor() {
    return thresholdFactor.clone();
  }

  public double[] valueRange() {
    return valueRange.clone();
  }

  @Override
  public Solarization seed(Long seed) {
    super.seed(seed);
    return this;
  }

  @Override
  public Solarization name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public Solarization inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public Operand<TFloat32> getRandomTransformation(CallContext ctx, Operand<TFloat32> images) {
    Ops tf = ctx.tf();
    Operand<TFloat32> add = uniform(tf, images, 1, additionFactor[0], additionFactor[1] * 255, nextSeed(ctx, 0));
    Operand<TFloat32> thr = uniform(tf, images, 1, thresholdFactor[0], thresholdFactor[1] * 255, nextSeed(ctx, 1));
    return ImageMath.concat(tf, List.of(add, thr));
  }

  @Override
  public Operand<TFloat32> transformImages(Ops tf, Operand<TFloat32> images, Operand<TFloat32> transformation) {
    Operand<TFloat32> x = ImageMath.rescale(tf, images, valueRange, ImageMath.RANGE_255);
    // Keras draws the additions and thresholds in the compute dtype.
    Operand<TFloat32> r = ImageMath.clip(tf, tf.math.add(x, like(tf, perImage(tf, transformation, 0), x)), ImageMath.RANGE_255);
    Operand<TFloat32> threshold = tf.broadcastTo(like(tf, perImage(tf, transformation, 1), r), tf.shape(r));
    r = tf.select(tf.math.less(r, threshold), r, tf.math.sub(DTypes.constantLike(tf, 255, r), r));
    return ImageMath.rescale(tf, r, ImageMath.RANGE_255, valueRange);
  }

  /** Computes in bfloat16 and float16 as Keras's layer does (parity {@code keras_augmentation_layers}, mixed_bfloat16). */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("value_range", pair(valueRange));
    c.put("addition_factor", pair(additionFactor));
    c.put("threshold_factor", pair(thresholdFactor));
    c.put("seed", seed());
    return c;
  }

  /** Keras's {@code from_config}. */
  public static Solarization fromConfig(Map<String, Object> config) {
    Config c = Config.of("Solarization", config);
    double[] a = c.has("addition_factor") ? numbersOf(c, "addition_factor") : new double[] {0};
    double[] t = c.has("threshold_factor") ? numbersOf(c, "threshold_factor") : new double[] {0};
    double[] range = valueRangeOf(c);
    return withImageConfig(new Solarization(a, t).valueRange(range[0], range[1]), c);
  }
}
