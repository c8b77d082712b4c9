package org.jkeras.layers.preprocessing;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.DTypes;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.op.core.Min;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code AutoContrast(value_range=(0, 255))}: stretches each image's channels so that
 * their lowest value becomes the low end of {@code value_range} and their highest the high end.
 * Deterministic, and active at inference as in training (Keras's layer ignores {@code training}).
 * A constant channel stays as it is (Keras keeps the input where the stretch gives NaN).
 *
 * <p>Transformation: none, (batch, 0).
 */
public class AutoContrast extends BaseImagePreprocessingLayer {
  private double[] valueRange = {0, 255};

  public AutoContrast valueRange(double low, double high) {
    this.valueRange = ValueRange.check(low, high);
    return this;
  }

  public double[] valueRange() {
    return valueRange.clone();
  }

  @Override
  public AutoContrast name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public AutoContrast inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public Operand<TFloat32> getRandomTransformation(CallContext ctx, Operand<TFloat32> images) {
    return ImageMath.none(ctx.tf(), images);
  }

  @Override
  public Operand<TFloat32> transformImages(Ops tf, Operand<TFloat32> images, Operand<TFloat32> transformation) {
    Operand<TFloat32> x = ImageMath.rescale(tf, images, valueRange, ImageMath.RANGE_255);
    Operand<TFloat32> low = tf.min(x, tf.constant(new int[] {1, 2}), Min.keepDims(true));
    Operand<TFloat32> high = tf.max(x, tf.constant(new int[] {1, 2}), Max.keepDims(true));
    // In the images' dtype, as Keras's (255.0 / (high - low) with a Python float).
    Operand<TFloat32> scale = tf.math.div(DTypes.constantLike(tf, 255, high), tf.math.sub(high, low));
    Operand<TFloat32> offset = tf.math.mul(tf.math.neg(low), scale);
    Operand<TFloat32> y = ImageMath.clip(tf, tf.math.add(tf.math.mul(x, scale), offset), ImageMath.RANGE_255);
    y = ImageMath.rescale(tf, y, ImageMath.RANGE_255, valueRange);
    return tf.select(tf.math.isNan(y), images, y);
  }

  /** Keras applies it at inference too. */
  @Override
  protected Operand<TFloat32> inference(Ops tf, Operand<TFloat32> images) {
    return transformImages(tf, images, null);
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
    return c;
  }

  /** Keras's {@code from_config}. */
  public static AutoContrast fromConfig(Map<String, Object> config) {
    Config c = Config.of("AutoContrast", config);
    double[] range = valueRangeOf(c);
    return withImageConfig(new AutoContrast().valueRange(range[0], range[1]), c);
  }
}
