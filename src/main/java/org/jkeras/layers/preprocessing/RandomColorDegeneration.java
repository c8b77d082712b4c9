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
 * Keras's {@code RandomColorDegeneration(factor, value_range=(0, 255), seed=None)}: in training,
 * each image moves towards its grey version by {@code f ~ U[lower, upper]}: {@code x + f * (grey -
 * x)}, clipped to {@code value_range}; the identity at inference.
 *
 * <p>{@code factor} with Keras's base bounds [-1, 1]: one number {@code f} means {@code (-f, f)}
 * (negative draws push colours away from grey). Transformation: (batch, 1), the draws {@code f}.
 */
public class RandomColorDegeneration extends BaseImagePreprocessingLayer {
  private final double[] factor;
  private double[] valueRange = {0, 255};

  public RandomColorDegeneration(double factor) {
    this.factor = factor(new double[] {factor}, -1, 1);
  }

  public RandomColorDegeneration(double lower, double upper) {
    this.factor = factor(new double[] {lower, upper}, -1, 1);
  }

  public RandomColorDegeneration valueRange(double low, double high) {
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
  public RandomColorDegeneration seed(Long seed) {
    super.seed(seed);
    return this;
  }

  @Override
  public RandomColorDegeneration name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public RandomColorDegeneration inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public Operand<TFloat32> getRandomTransformation(CallContext ctx, Operand<TFloat32> images) {
    return uniform(ctx.tf(), images, 1, factor[0], factor[1], nextSeed(ctx, 0));
  }

  @Override
  public Operand<TFloat32> transformImages(Ops tf, Operand<TFloat32> images, Operand<TFloat32> transformation) {
    Operand<TFloat32> grey = ImageMath.grayscale(tf, images);
    // Keras: the factor cast to the compute dtype, the blend in it.
    Operand<TFloat32> y = tf.math.add(images, tf.math.mul(like(tf, perImage(tf, transformation, 0), images),
        tf.math.sub(grey, images)));
    return ImageMath.clip(tf, y, valueRange);
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
  public static RandomColorDegeneration fromConfig(Map<String, Object> config) {
    Config c = Config.of("RandomColorDegeneration", config);
    double[] f = numbersOf(c, "factor");
    RandomColorDegeneration layer = f.length == 1 ? new RandomColorDegeneration(f[0])
        : new RandomColorDegeneration(f[0], f[1]);
    double[] range = valueRangeOf(c);
    return withImageConfig(layer.valueRange(range[0], range[1]), c);
  }
}
