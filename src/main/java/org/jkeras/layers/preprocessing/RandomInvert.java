package org.jkeras.layers.preprocessing;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.DTypes;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code RandomInvert(factor=1.0, value_range=(0, 255), seed=None)}: in training, each
 * image is inverted ({@code high - x}) with a probability itself drawn from {@code U[lower,
 * upper]} per image; the identity at inference.
 *
 * <p>{@code factor} in [0, 1]: one number {@code f} means {@code (0, f)} (so the default inverts
 * half of the images), a pair {@code (1, 1)} inverts every image. Transformation: (batch, 1), 1
 * where the image is inverted.
 */
public class RandomInvert extends BaseImagePreprocessingLayer {
  private final double[] factor;
  private double[] valueRange = {0, 255};

  public RandomInvert() {
    this(1.0);
  }

  public RandomInvert(double factor) {
    this.factor = factor(new double[] {factor}, 0, 1);
  }

  public RandomInvert(double lower, double upper) {
    this.factor = factor(new double[] {lower, upper}, 0, 1);
  }

  /** Keras's {@code value_range=(low, high)} (default (0, 255)): an image becomes {@code high - x}. */
  public RandomInvert valueRange(double low, double high) {
    this.valueRange = ValueRange.check(low, high);
    return this;
  }

  public double[] factor() {
    return factor.clone();
  }

  public double[] valueRange() {
    return valueRange.clone();
  }

  @Override
  public RandomInvert seed(Long seed) {
    super.seed(seed);
    return this;
  }

  @Override
  public RandomInvert name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public RandomInvert inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public Operand<TFloat32> getRandomTransformation(CallContext ctx, Operand<TFloat32> images) {
    return Draws.coin(ctx.tf(), images, factor, nextSeed(ctx, 0), nextSeed(ctx, 1));
  }

  @Override
  public Operand<TFloat32> transformImages(Ops tf, Operand<TFloat32> images, Operand<TFloat32> transformation) {
    Operand<TFloat32> inverted = tf.math.sub(DTypes.constantLike(tf, valueRange[1], images), images);
    return ImageMath.where(tf, ImageMath.flag(tf, transformation, 0), inverted, images);
  }

  /** Computes in bfloat16 and float16 as Keras's layer does (parity {@code keras_augmentation_layers}, mixed_bfloat16). */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("factor", pair(factor));
    c.put("value_range", pair(valueRange));
    c.put("seed", seed());
    return c;
  }

  /** Keras's {@code from_config}. */
  public static RandomInvert fromConfig(Map<String, Object> config) {
    Config c = Config.of("RandomInvert", config);
    double[] f = c.has("factor") ? numbersOf(c, "factor") : new double[] {1.0};
    RandomInvert layer = f.length == 1 ? new RandomInvert(f[0]) : new RandomInvert(f[0], f[1]);
    double[] range = valueRangeOf(c);
    return withImageConfig(layer.valueRange(range[0], range[1]), c);
  }
}
