package org.jkeras.layers.preprocessing;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.DTypes;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code RandomGaussianBlur(factor=1.0, kernel_size=3, sigma=1.0, value_range=(0, 255),
 * seed=None)}: in training, each image is blurred with a probability drawn from {@code U[lower,
 * upper]} per image, by a Gaussian kernel of {@code kernel_size} whose two standard deviations are
 * drawn once for the batch from {@code U[sigma]} (plus 1e-6), per channel with zero padding; then
 * clipped to {@code value_range}. The identity at inference.
 *
 * <p>{@code factor} and {@code sigma} in [0, 1], one number {@code f} meaning {@code (0, f)};
 * {@code kernel_size} odd, one number or a pair. Transformation: (batch, 3), {@code [apply,
 * sigma_0, sigma_1]} (the sigmas the same on every row).
 */
public class RandomGaussianBlur extends BaseImagePreprocessingLayer {
  private double[] factor = {0, 1};
  private int[] kernelSize = {3, 3};
  private double[] sigma = {0, 1};
  private double[] valueRange = {0, 255};

  public RandomGaussianBlur() {}

  public RandomGaussianBlur(double factor) {
    this.factor = factor(new double[] {factor}, 0, 1);
  }

  public RandomGaussianBlur(double lower, double upper) {
    this.factor = factor(new double[] {lower, upper}, 0, 1);
  }

  /** Keras's {@code kernel_size}: one odd number, or two. */
  public RandomGaussianBlur kernelSize(int... size) {
    if (size.length < 1 || size.length > 2) {
      throw new IllegalArgumentException("The `kernel_size` argument should be a number (or a list of two numbers)"
          + " Received: kernel_size=" + Arrays.toString(size));
    }
    for (int s : size) {
      if (s % 2 == 0 || s < 1) {
        throw new IllegalArgumentException("kernel_size must be an odd number. Received: kernel_size="
            + (size.length == 1 ? Integer.toString(size[0]) : Arrays.toString(size)));
      }
    }
    this.kernelSize = size.length == 1 ? new int[] {size[0], size[0]} : size.clone();
    return this;
  }

  /** Keras's {@code sigma}: one number {@code s} in [0, 1] meaning {@code (0, s)}, or a pair. */
  public RandomGaussianBlur sigma(double... sigma) {
    this.sigma = factor(sigma, 0, 1);
    return this;
  }

  public RandomGaussianBlur valueRange(double low, double high) {
    this.valueRange = ValueRange.check(low, high);
    return this;
  }

  public double[] factor() {
    return factor.clone();
  }

  public int[] kernelSize() {
    return kernelSize.clone();
  }

  public double[] sigma() {
    return sigma.clone();
  }

  public double[] valueRange() {
    return valueRange.clone();
  }

  @Override
  public RandomGaussianBlur seed(Long seed) {
    super.seed(seed);
    return this;
  }

  @Override
  public RandomGaussianBlur name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public RandomGaussianBlur inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public Operand<TFloat32> getRandomTransformation(CallContext ctx, Operand<TFloat32> images) {
    Ops tf = ctx.tf();
    Operand<TFloat32> apply = Draws.coin(tf, images, factor, nextSeed(ctx, 0), nextSeed(ctx, 1));
    Operand<TFloat32> s = tf.math.add(Draws.uniformVector(tf, 2, sigma[0], sigma[1], nextSeed(ctx, 2)),
        tf.constant(1e-6f));
    return ImageMath.concat(tf, List.of(apply, Draws.everyRow(tf, images, s)));
  }

  @Override
  public Operand<TFloat32> transformImages(Ops tf, Operand<TFloat32> images, Operand<TFloat32> transformation) {
    Operand<TFloat32> sigmas = tf.slice(transformation, tf.constant(new int[] {0, 1}), tf.constant(new int[] {1, 2}));
    String dtype = DTypes.dtypeOf(images);
    Operand<TFloat32> kx = kernel1d(tf, kernelSize[0], tf.slice(sigmas, tf.constant(new int[] {0, 0}),
        tf.constant(new int[] {1, 1})), dtype);
    Operand<TFloat32> ky = kernel1d(tf, kernelSize[1], tf.slice(sigmas, tf.constant(new int[] {0, 1}),
        tf.constant(new int[] {1, 1})), dtype);
    // Keras: tensordot(ky, kx, axes=0), shaped (k1, k0), then reshaped to (k0, k1, 1, 1) and tiled per channel.
    Operand<TFloat32> k2 = tf.math.mul(tf.reshape(ky, tf.constant(new int[] {-1, 1})),
        tf.reshape(kx, tf.constant(new int[] {1, -1})));
    int channels = (int) images.shape().get(3);
    Operand<TFloat32> kernel = tf.tile(tf.reshape(k2, tf.constant(new int[] {kernelSize[0], kernelSize[1], 1, 1})),
        tf.constant(new int[] {1, 1, channels, 1}));
    Operand<TFloat32> blurred = tf.nn.depthwiseConv2dNative(images, kernel, List.of(1L, 1L, 1L, 1L), "SAME");
    Operand<TFloat32> y = ImageMath.where(tf, ImageMath.flag(tf, transformation, 0), blurred, images);
    return ImageMath.clip(tf, y, valueRange);
  }

  /** exp(-x^2 / (2 sigma^2)) at x = i - (size - 1) / 2, normalised to sum 1. */
  private static Operand<TFloat32> kernel1d(Ops tf, int size, Operand<TFloat32> sigma, String dtype) {
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = i - (size - 1) / 2f;
    }
    // Keras's gaussian_blur builds the kernel in the images' dtype (exact small offsets, sigma rounded to it).
    Operand<TFloat32> s = DTypes.cast(tf, tf.reshape(sigma, tf.constant(new int[0])), dtype);
    Operand<TFloat32> z = tf.math.div(DTypes.cast(tf, tf.constant(x), dtype), s);
    Operand<TFloat32> k = tf.math.exp(tf.math.mul(DTypes.constantLike(tf, -0.5, z), tf.math.square(z)));
    return tf.math.div(k, tf.reduceSum(k, tf.constant(0), ReduceSum.keepDims(true)));
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
    c.put("kernel_size", List.of(kernelSize[0], kernelSize[1]));
    c.put("sigma", pair(sigma));
    c.put("value_range", pair(valueRange));
    c.put("seed", seed());
    return c;
  }

  /** Keras's {@code from_config}. */
  public static RandomGaussianBlur fromConfig(Map<String, Object> config) {
    Config c = Config.of("RandomGaussianBlur", config);
    double[] f = c.has("factor") ? numbersOf(c, "factor") : new double[] {1.0};
    RandomGaussianBlur layer = f.length == 1 ? new RandomGaussianBlur(f[0]) : new RandomGaussianBlur(f[0], f[1]);
    if (c.has("kernel_size")) {
      double[] k = numbersOf(c, "kernel_size");
      layer.kernelSize(k.length == 1 ? new int[] {(int) k[0]} : new int[] {(int) k[0], (int) k[1]});
    }
    if (c.has("sigma")) {
      layer.sigma(numbersOf(c, "sigma"));
    }
    double[] range = valueRangeOf(c);
    return withImageConfig(layer.valueRange(range[0], range[1]), c);
  }
}
