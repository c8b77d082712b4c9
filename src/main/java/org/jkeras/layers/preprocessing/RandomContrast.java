package org.jkeras.layers.preprocessing;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.DTypes;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code RandomContrast(factor, value_range=(0, 255), seed=None)}: in training, each image
 * gets a contrast factor {@code c ~ U[1 - lower, 1 + upper]} and becomes {@code (x - mean) * c +
 * mean} (mean per image and channel), clipped to {@code value_range}. The identity at inference.
 *
 * <p>{@code factor} as Keras 3 reads it (bounds [0, 1]): a pair {@code (lower, upper)}, or one
 * number {@code f} meaning {@code (0, f)}, so {@code RandomContrast(0.2)} draws from [1, 1.2].
 * Transformation: (batch, 1), the contrast factors.
 */
public class RandomContrast extends BaseImagePreprocessingLayer {
  private final double[] factor;
  private double[] valueRange = {0, 255};

  public RandomContrast(double factor) {
    this.factor = factor(new double[] {factor}, 0, 1);
  }

  public RandomContrast(double lower, double upper) {
    this.factor = factor(new double[] {lower, upper}, 0, 1);
  }

  /** Keras's {@code value_range=(low, high)}: the clipping range (default (0, 255)). */
  public RandomContrast valueRange(double low, double high) {
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
  public RandomContrast seed(Long seed) {
    super.seed(seed);
    return this;
  }

  @Override
  public RandomContrast name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public RandomContrast inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public Operand<TFloat32> getRandomTransformation(CallContext ctx, Operand<TFloat32> images) {
    Ops tf = ctx.tf();
    return uniform(tf, images, 1, 1.0 - factor[0], 1.0 + factor[1], nextSeed(ctx, 0));
  }

  @Override
  public Operand<TFloat32> transformImages(Ops tf, Operand<TFloat32> images, Operand<TFloat32> transformation) {
    // Keras: mean over height, then over width (keepdims), per image and channel. Keras's
    // numpy.mean reduces in float32 and casts back to the images' dtype (bfloat16 under a mixed policy).
    String dtype = DTypes.dtypeOf(images);
    Operand<TFloat32> mean = DTypes.cast(tf, tf.math.mean(DTypes.toFloat32(tf, images), tf.constant(1), Mean.keepDims(true)),
        dtype);
    mean = DTypes.cast(tf, tf.math.mean(DTypes.toFloat32(tf, mean), tf.constant(2), Mean.keepDims(true)), dtype);
    Operand<TFloat32> c = like(tf, perImage(tf, transformation, 0), images); // Keras draws it in the compute dtype
    Operand<TFloat32> y = tf.math.add(tf.math.mul(tf.math.sub(images, mean), c), mean);
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
  public static RandomContrast fromConfig(Map<String, Object> config) {
    Config c = Config.of("RandomContrast", config);
    double[] f = numbersOf(c, "factor");
    RandomContrast layer = f.length == 1 ? new RandomContrast(f[0]) : new RandomContrast(f[0], f[1]);
    double[] range = valueRangeOf(c);
    return withImageConfig(layer.valueRange(range[0], range[1]), c);
  }
}
