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
 * Keras's {@code RandomBrightness(factor, value_range=(0, 255), seed=None)}: in training, each
 * image gets {@code delta ~ U[lower, upper] * (high - low)} added to every pixel, then is clipped
 * to {@code value_range}. The identity at inference.
 *
 * <p>{@code factor}: one number {@code f} in [-1, 1] meaning {@code (-|f|, |f|)}, or a pair.
 * Transformation: (batch, 1), the deltas in pixel units.
 */
public class RandomBrightness extends BaseImagePreprocessingLayer {
  private final double[] factor;
  private double[] valueRange = {0, 255};

  public RandomBrightness(double factor) {
    this.factor = factor(new double[] {factor}, -1, 1);
  }

  public RandomBrightness(double lower, double upper) {
    this.factor = factor(new double[] {lower, upper}, -1, 1);
  }

  /** Keras's {@code value_range=(low, high)} (default (0, 255)), sorted as Keras does. */
  public RandomBrightness valueRange(double low, double high) {
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
  public RandomBrightness seed(Long seed) {
    super.seed(seed);
    return this;
  }

  @Override
  public RandomBrightness name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public RandomBrightness inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public Operand<TFloat32> getRandomTransformation(CallContext ctx, Operand<TFloat32> images) {
    Ops tf = ctx.tf();
    Operand<TFloat32> u = uniform(tf, images, 1, factor[0], factor[1], nextSeed(ctx, 0));
    return tf.math.mul(u, tf.constant((float) (valueRange[1] - valueRange[0])));
  }

  @Override
  public Operand<TFloat32> transformImages(Ops tf, Operand<TFloat32> images, Operand<TFloat32> transformation) {
    // Keras: rgb_delta cast to the images' dtype, added, clipped.
    Operand<TFloat32> y = tf.math.add(images, like(tf, perImage(tf, transformation, 0), images));
    return tf.clipByValue(y, DTypes.constantLike(tf, valueRange[0], y), DTypes.constantLike(tf, valueRange[1], y));
  }

  /** Computes in bfloat16 and float16 as Keras's layer does (parity {@code keras_preprocessing_layers}, mixed_bfloat16). */
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
  public static RandomBrightness fromConfig(Map<String, Object> config) {
    Config c = Config.of("RandomBrightness", config);
    double[] f = numbersOf(c, "factor");
    RandomBrightness layer = f.length == 1 ? new RandomBrightness(f[0]) : new RandomBrightness(f[0], f[1]);
    double[] range = valueRangeOf(c);
    return withImageConfig(layer.valueRange(range[0], range[1]), c);
  }
}
