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
 * Keras's {@code RandomSaturation(factor, value_range=(0, 255), seed=None)}: in training, each
 * image's HSV saturation is multiplied by {@code f / (1 - f + 1e-7)}, {@code f ~ U[lower, upper]}
 * per image, and clipped to {@code value_range}; the identity at inference.
 *
 * <p>As Keras 3.15 computes it: {@code factor} is read with the base bounds [-1, 1] (one number
 * {@code f} means {@code (-f, f)}, so negative draws clip the saturation to 0, a grey image), and
 * the image goes to HSV as it is, without mapping {@code value_range} to [0, 1] (the saturation
 * is a ratio either way). Transformation: (batch, 1), the saturation multipliers. The HSV
 * conversions pass no gradient (TF has no C++ gradient for them).
 */
public class RandomSaturation extends BaseImagePreprocessingLayer {
  private final double[] factor;
  private double[] valueRange = {0, 255};

  public RandomSaturation(double factor) {
    this.factor = factor(new double[] {factor}, -1, 1);
  }

  public RandomSaturation(double lower, double upper) {
    this.factor = factor(new double[] {lower, upper}, -1, 1);
  }

  public RandomSaturation valueRange(double low, double high) {
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
  public RandomSaturation seed(Long seed) {
    super.seed(seed);
    return this;
  }

  @Override
  public RandomSaturation name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public RandomSaturation inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public Operand<TFloat32> getRandomTransformation(CallContext ctx, Operand<TFloat32> images) {
    Ops tf = ctx.tf();
    Operand<TFloat32> f = uniform(tf, images, 1, factor[0], factor[1], nextSeed(ctx, 0));
    return tf.math.div(f, tf.math.add(tf.math.sub(tf.constant(1f), f), tf.constant(1e-7f)));
  }

  @Override
  public Operand<TFloat32> transformImages(Ops tf, Operand<TFloat32> images, Operand<TFloat32> transformation) {
    Gradients.registerZeroGradient("RGBToHSV");
    Gradients.registerZeroGradient("HSVToRGB");
    Operand<TFloat32> hsv = tf.image.rgbToHsv(tf.stopGradient(images));
    // Keras: the factor cast to the compute dtype; TF's HSV kernels on the images in it.
    Operand<TFloat32> s = ImageMath.clip(tf, tf.math.mul(ImageMath.channel(tf, hsv, 1),
        like(tf, perImage(tf, transformation, 0), hsv)), valueRange);
    hsv = tf.concat(List.of(ImageMath.channel(tf, hsv, 0), s, ImageMath.channel(tf, hsv, 2)), tf.constant(3));
    return tf.image.hsvToRgb(hsv);
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
  public static RandomSaturation fromConfig(Map<String, Object> config) {
    Config c = Config.of("RandomSaturation", config);
    double[] f = numbersOf(c, "factor");
    RandomSaturation layer = f.length == 1 ? new RandomSaturation(f[0]) : new RandomSaturation(f[0], f[1]);
    double[] range = valueRangeOf(c);
    return withImageConfig(layer.valueRange(range[0], range[1]), c);
  }
}
