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
 * Keras's {@code RandomSharpness(factor, value_range=(0, 255), seed=None)}: in training, each
 * image is blended with its smoothed self (3x3 kernel of 1/13 with 5/13 in the centre, per
 * channel, zero padding): {@code x + (1 - 2 f) * (smooth - x)}, {@code f ~ U[lower, upper]} per
 * image, clipped to {@code value_range}. So {@code f = 0.5} leaves the image as it is, less blurs,
 * more sharpens. The identity at inference.
 *
 * <p>{@code factor} in [0, 1]: one number {@code f} means {@code (0, f)}. Transformation: (batch,
 * 1), the draws {@code f}.
 */
public class RandomSharpness extends BaseImagePreprocessingLayer {
  private final double[] factor;
  private double[] valueRange = {0, 255};

  public RandomSharpness(double factor) {
    this.factor = factor(new double[] {factor}, 0, 1);
  }

  public RandomSharpness(double lower, double upper) {
    this.factor = factor(new double[] {lower, upper}, 0, 1);
  }

  public RandomSharpness valueRange(double low, double high) {
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
  public RandomSharpness seed(Long seed) {
    super.seed(seed);
    return this;
  }

  @Override
  public RandomSharpness name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public RandomSharpness inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public Operand<TFloat32> getRandomTransformation(CallContext ctx, Operand<TFloat32> images) {
    return uniform(ctx.tf(), images, 1, factor[0], factor[1], nextSeed(ctx, 0));
  }

  @Override
  public Operand<TFloat32> transformImages(Ops tf, Operand<TFloat32> images, Operand<TFloat32> transformation) {
    // Keras: factor * 2 cast to the compute dtype, the kernel and the blend in it.
    Operand<TFloat32> s = like(tf, tf.math.mul(perImage(tf, transformation, 0), tf.constant(2f)), images);
    int channels = (int) images.shape().get(3);
    float a = 1f / 13f;
    float b = 5f / 13f;
    float[][][][] k = new float[3][3][channels][1];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        for (int c = 0; c < channels; c++) {
          k[i][j][c][0] = i == 1 && j == 1 ? b : a;
        }
      }
    }
    Operand<TFloat32> kernel = like(tf, tf.constant(k), images);
    Operand<TFloat32> smooth = tf.nn.depthwiseConv2dNative(images, kernel, List.of(1L, 1L, 1L, 1L), "SAME");
    Operand<TFloat32> y = tf.math.add(images, tf.math.mul(tf.math.sub(DTypes.constantLike(tf, 1, s), s),
        tf.math.sub(smooth, images)));
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
  public static RandomSharpness fromConfig(Map<String, Object> config) {
    Config c = Config.of("RandomSharpness", config);
    double[] f = numbersOf(c, "factor");
    RandomSharpness layer = f.length == 1 ? new RandomSharpness(f[0]) : new RandomSharpness(f[0], f[1]);
    double[] range = valueRangeOf(c);
    return withImageConfig(layer.valueRange(range[0], range[1]), c);
  }
}
