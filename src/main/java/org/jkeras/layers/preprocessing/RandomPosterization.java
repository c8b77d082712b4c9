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
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * Keras's {@code RandomPosterization(factor, value_range=(0, 255), seed=None)}: in training, each
 * image keeps only its {@code bits} most significant bits per channel ({@code bits} drawn per
 * image): mapped to 0..255, cast to uint8 (truncating), shifted right then left by {@code 8 -
 * bits}, mapped back. The identity at inference. No gradient flows through it (an integer cast,
 * as in Keras).
 *
 * <p>{@code factor} in [1, 8]: one number {@code f} means {@code (1, f)}; {@code bits} is drawn
 * as Keras's {@code randint(lower, upper)}, upper excluded, or is {@code lower} when the two are
 * equal. Transformation: (batch, 1), the shift {@code 8 - bits}.
 */
public class RandomPosterization extends BaseImagePreprocessingLayer {
  private final double[] factor;
  private double[] valueRange = {0, 255};

  public RandomPosterization(int factor) {
    this.factor = factor(new double[] {factor}, 1, 8);
  }

  public RandomPosterization(int lower, int upper) {
    this.factor = factor(new double[] {lower, upper}, 1, 8);
  }

  public RandomPosterization valueRange(double low, double high) {
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
  public RandomPosterization seed(Long seed) {
    super.seed(seed);
    return this;
  }

  @Override
  public RandomPosterization name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public RandomPosterization inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public Operand<TFloat32> getRandomTransformation(CallContext ctx, Operand<TFloat32> images) {
    Ops tf = ctx.tf();
    int lower = (int) factor[0];
    int upper = (int) factor[1];
    Operand<TFloat32> bits;
    if (lower == upper) {
      bits = tf.math.add(tf.zerosLike(uniform(tf, images, 1, 0, 1, nextSeed(ctx, 0))), tf.constant((float) lower));
    } else {
      Operand<TInt32> shape = tf.concat(List.of(batchSize(tf, images), tf.constant(new int[] {1})), tf.constant(0));
      bits = tf.dtypes.cast(tf.random.statelessRandomUniformInt(shape, nextSeed(ctx, 0), tf.constant(lower),
          tf.constant(upper)), TFloat32.class);
    }
    return tf.math.sub(tf.constant(8f), bits);
  }

  @Override
  public Operand<TFloat32> transformImages(Ops tf, Operand<TFloat32> images, Operand<TFloat32> transformation) {
    Gradients.registerZeroGradient("LeftShift");
    Gradients.registerZeroGradient("RightShift");
    Operand<TUint8> shift = tf.dtypes.cast(perImage(tf, transformation, 0), TUint8.class);
    Operand<TFloat32> x = ImageMath.rescale(tf, tf.stopGradient(images), valueRange, ImageMath.RANGE_255);
    Operand<TUint8> q = tf.dtypes.cast(x, TUint8.class);
    q = tf.bitwise.leftShift(tf.bitwise.rightShift(q, shift), shift);
    // Keras: the shifted uint8 values cast to the compute dtype, then back to the value range in it
    return ImageMath.rescale(tf, DTypes.cast(tf, q, DTypes.dtypeOf(images)), ImageMath.RANGE_255, valueRange);
  }

  /** Computes in bfloat16 and float16 as Keras's layer does (parity {@code keras_augmentation_layers}, mixed_bfloat16). */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("factor", List.of((int) factor[0], (int) factor[1]));
    c.put("value_range", pair(valueRange));
    c.put("seed", seed());
    return c;
  }

  /** Keras's {@code from_config}. */
  public static RandomPosterization fromConfig(Map<String, Object> config) {
    Config c = Config.of("RandomPosterization", config);
    double[] f = numbersOf(c, "factor");
    RandomPosterization layer = f.length == 1 ? new RandomPosterization((int) f[0])
        : new RandomPosterization((int) f[0], (int) f[1]);
    double[] range = valueRangeOf(c);
    return withImageConfig(layer.valueRange(range[0], range[1]), c);
  }
}
