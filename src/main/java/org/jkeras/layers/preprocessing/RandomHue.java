package org.jkeras.layers.preprocessing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.DTypes;
import org.jkeras.backend.Gradients;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code RandomHue(factor, value_range=(0, 255), seed=None)}: in training, each image's
 * hue turns by {@code +-U[lower, upper] / 2} of a full turn (sign by a fair coin): mapped to [0,
 * 1], to HSV (TF's {@code RGBToHSV}), the hue shifted and wrapped into [0, 1], back to RGB,
 * clipped, mapped back. The identity at inference.
 *
 * <p>{@code factor} in [0, 1]: one number {@code f} means {@code (0, f)}. Transformation: (batch,
 * 1), the signed hue shift. The HSV conversions pass no gradient (TF has no C++ gradient for them).
 */
public class RandomHue extends BaseImagePreprocessingLayer {
  private final double[] factor;
  private double[] valueRange = {0, 255};

  public RandomHue(double factor) {
    this.factor = factor(new double[] {factor}, 0, 1);
  }

  public RandomHue(double lower, double upper) {
    this.factor = factor(new double[] {lower, upper}, 0, 1);
  }

  public RandomHue valueRange(double low, double high) {
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
  public RandomHue seed(Long seed) {
    super.seed(seed);
    return this;
  }

  @Override
  public RandomHue name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public RandomHue inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public Operand<TFloat32> getRandomTransformation(CallContext ctx, Operand<TFloat32> images) {
    Ops tf = ctx.tf();
    Operand<TFloat32> coin = uniform(tf, images, 1, 0, 1, nextSeed(ctx, 0));
    Operand<TFloat32> sign = tf.select(tf.math.greater(coin, tf.constant(0.5f)), tf.math.neg(ImageMath.ones(tf, coin)),
        ImageMath.ones(tf, coin));
    Operand<TFloat32> f = uniform(tf, images, 1, factor[0], factor[1], nextSeed(ctx, 1));
    return tf.math.mul(tf.math.mul(sign, f), tf.constant(0.5f));
  }

  @Override
  public Operand<TFloat32> transformImages(Ops tf, Operand<TFloat32> images, Operand<TFloat32> transformation) {
    Gradients.registerZeroGradient("RGBToHSV");
    Gradients.registerZeroGradient("HSVToRGB");
    // Keras computes the hue in float32 (its _transform_value_range's default dtype) and casts the
    // result back to the compute dtype.
    Operand<TFloat32> x = ImageMath.rescale(tf, DTypes.toFloat32(tf, tf.stopGradient(images)), valueRange, ImageMath.RANGE_1);
    Operand<TFloat32> hsv = tf.image.rgbToHsv(x);
    Operand<TFloat32> h = tf.math.add(ImageMath.channel(tf, hsv, 0), perImage(tf, transformation, 0));
    h = tf.select(tf.math.greater(h, tf.constant(1f)), tf.math.sub(h, tf.constant(1f)), h);
    h = tf.select(tf.math.less(h, tf.constant(0f)), tf.math.add(h, tf.constant(1f)), h);
    hsv = tf.concat(List.of(h, ImageMath.channel(tf, hsv, 1), ImageMath.channel(tf, hsv, 2)), tf.constant(3));
    Operand<TFloat32> rgb = ImageMath.clip(tf, tf.image.hsvToRgb(hsv), ImageMath.RANGE_1);
    return DTypes.cast(tf, ImageMath.rescale(tf, rgb, ImageMath.RANGE_1, valueRange), DTypes.dtypeOf(images));
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
  public static RandomHue fromConfig(Map<String, Object> config) {
    Config c = Config.of("RandomHue", config);
    double[] f = numbersOf(c, "factor");
    RandomHue layer = f.length == 1 ? new RandomHue(f[0]) : new RandomHue(f[0], f[1]);
    double[] range = valueRangeOf(c);
    return withImageConfig(layer.valueRange(range[0], range[1]), c);
  }
}
