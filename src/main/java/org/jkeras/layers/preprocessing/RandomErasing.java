package org.jkeras.layers.preprocessing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Keras's {@code RandomErasing(factor=1.0, scale=(0.02, 0.33), fill_value=None, value_range=(0,
 * 255), seed=None)}: in training, each image has, with a probability drawn from {@code U[lower,
 * upper]}, one rectangle replaced by {@code fill_value} (one number, or one per channel) or, when
 * that is null, by Gaussian noise times {@code value_range}'s high end, clipped to {@code
 * value_range}. The rectangle's sides are {@code sqrt(U[scale])} of the image's width and height,
 * placed uniformly inside it. The identity at inference.
 *
 * <p>Transformation: (batch, 5), {@code [apply, x0, x1, y0, y1]} (the rectangle holds the pixels
 * with {@code x0 <= x < x1} and {@code y0 <= y < y1}), followed, when {@code fill_value} is null,
 * by the image's noise flattened in (height, width, channels) order: (batch, 5 + h * w * c).
 */
public class RandomErasing extends BaseImagePreprocessingLayer {
  private double[] factor = {0, 1};
  private double[] scale = {0.02, 0.33};
  private double[] fillValue;
  private double[] valueRange = {0, 255};

  public RandomErasing() {}

  public RandomErasing(double factor) {
    this.factor = factor(new double[] {factor}, 0, 1);
  }

  public RandomErasing(double lower, double upper) {
    this.factor = factor(new double[] {lower, upper}, 0, 1);
  }

  /** Keras's {@code scale}: the range of the erased fraction of each side, squared (numbers in [0, 1]). */
  public RandomErasing scale(double... scale) {
    this.scale = factor(scale, 0, 1);
    return this;
  }

  /** Keras's {@code fill_value}: one number, or three (one per channel); null (default) fills with noise. */
  public RandomErasing fillValue(double... fillValue) {
    if (fillValue != null && fillValue.length != 1 && fillValue.length != 3) {
      throw new IllegalArgumentException(
          "The `fill_value` argument should be a number (or a list of three numbers) Received: fill_value="
              + format(fillValue));
    }
    this.fillValue = fillValue == null ? null : fillValue.clone();
    return this;
  }

  public RandomErasing valueRange(double low, double high) {
    this.valueRange = ValueRange.check(low, high);
    return this;
  }

  public double[] factor() {
    return factor.clone();
  }

  public double[] scale() {
    return scale.clone();
  }

  public double[] fillValue() {
    return fillValue == null ? null : fillValue.clone();
  }

  public double[] valueRange() {
    return valueRange.clone();
  }

  @Override
  public RandomErasing seed(Long seed) {
    super.seed(seed);
    return this;
  }

  @Override
  public RandomErasing name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public RandomErasing inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public Operand<TFloat32> getRandomTransformation(CallContext ctx, Operand<TFloat32> images) {
    Ops tf = ctx.tf();
    int[] hw = ImageMath.size(images, name());
    Operand<TFloat32> side = tf.math.sqrt(uniform(tf, images, 2, scale[0], scale[1], nextSeed(ctx, 0)));
    List<Operand<TFloat32>> parts = new ArrayList<>();
    parts.add(Draws.coin(tf, images, factor, nextSeed(ctx, 1), nextSeed(ctx, 2)));
    parts.addAll(span(tf, images, BaseAffineImageLayer.column(tf, side, 0), hw[1], nextSeed(ctx, 3)));
    parts.addAll(span(tf, images, BaseAffineImageLayer.column(tf, side, 1), hw[0], nextSeed(ctx, 4)));
    if (fillValue == null) {
      Operand<TInt32> shape = tf.shape(images);
      Operand<TFloat32> noise = tf.stopGradient(tf.random.statelessRandomNormal(shape, nextSeed(ctx, 5)));
      noise = ImageMath.clip(tf, tf.math.mul(noise, tf.constant((float) valueRange[1])), valueRange);
      int n = hw[0] * hw[1] * (int) images.shape().get(3);
      parts.add(tf.reshape(noise, tf.constant(new int[] {-1, n})));
    }
    return ImageMath.concat(tf, parts);
  }

  /** Keras's {@code _compute_crop_bounds}: a span of {@code ratio * length} starting at {@code U[0, 1) * (length - span)}. */
  static List<Operand<TFloat32>> span(Ops tf, Operand<TFloat32> images, Operand<TFloat32> ratio, int length,
      Operand<TInt64> seed) {
    Operand<TFloat32> len = tf.math.mul(ratio, tf.constant((float) length));
    Operand<TFloat32> start = tf.math.mul(uniform(tf, images, 1, 0, 1, seed), tf.math.sub(tf.constant((float) length), len));
    return List.of(start, tf.math.add(start, len));
  }

  @Override
  public Operand<TFloat32> transformImages(Ops tf, Operand<TFloat32> images, Operand<TFloat32> transformation) {
    int[] hw = ImageMath.size(images, name());
    int c = (int) images.shape().get(3);
    Operand<TFloat32> fill;
    if (fillValue == null) {
      fill = tf.reshape(ImageMath.columns(tf, transformation, 5, hw[0] * hw[1] * c),
          tf.constant(new int[] {-1, hw[0], hw[1], c}));
    } else {
      float[] perChannel = new float[c];
      for (int k = 0; k < c; k++) {
        perChannel[k] = (float) fillValue[fillValue.length == 1 ? 0 : k];
      }
      fill = ImageMath.clip(tf, tf.constant(perChannel), valueRange);
    }
    fill = like(tf, fill, images); // Keras makes the fill in the compute dtype
    Operand<TFloat32> erased = ImageMath.where(tf, ImageMath.box(tf, transformation, 1, hw[0], hw[1]), fill, images);
    return ImageMath.where(tf, ImageMath.flag(tf, transformation, 0), erased, images);
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
    c.put("scale", pair(scale));
    c.put("fill_value", fillValue == null ? null : fillValue.length == 1 ? (Object) fillValue[0]
        : List.of(fillValue[0], fillValue[1], fillValue[2]));
    c.put("value_range", pair(valueRange));
    c.put("seed", seed());
    return c;
  }

  /** Keras's {@code from_config}. */
  public static RandomErasing fromConfig(Map<String, Object> config) {
    Config c = Config.of("RandomErasing", config);
    double[] f = c.has("factor") ? numbersOf(c, "factor") : new double[] {1.0};
    RandomErasing layer = f.length == 1 ? new RandomErasing(f[0]) : new RandomErasing(f[0], f[1]);
    if (c.has("scale")) {
      layer.scale(numbersOf(c, "scale"));
    }
    if (c.get("fill_value") != null) {
      layer.fillValue(c.getDoublesOrNull("fill_value"));
    }
    double[] range = valueRangeOf(c);
    return withImageConfig(layer.valueRange(range[0], range[1]), c);
  }
}
