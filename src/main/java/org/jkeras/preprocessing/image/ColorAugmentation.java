package org.jkeras.preprocessing.image;

import static org.jkeras.preprocessing.image.ImageTensors.batched;
import static org.jkeras.preprocessing.image.ImageTensors.fromFloat;
import static org.jkeras.preprocessing.image.ImageTensors.like;
import static org.jkeras.preprocessing.image.ImageTensors.subSeed;
import static org.jkeras.preprocessing.image.ImageTensors.toFloat;

import java.util.List;
import org.jkeras.backend.Eager;
import org.jkeras.backend.Shapes;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TNumber;

/**
 * The colour changes section 3.1 names (brightness, contrast, saturation, hue) as TF graph ops,
 * with {@code tf.image}'s names and factor conventions, on images with values in 0..255 (uint8
 * or float32, see {@link ImageTensors}):
 *
 * <ul>
 *   <li>brightness: {@code x + delta * 255}, {@code delta} a fraction of the value range (as
 *       {@code tf.image.adjust_brightness} on [0, 1] images and Keras's {@code RandomBrightness});
 *   <li>contrast: {@code (x - mean) * factor + mean}, the mean per image and channel (as {@code
 *       tf.image.adjust_contrast} and Keras's {@code RandomContrast});
 *   <li>saturation: HSV saturation times {@code factor}, clipped to [0, 1] ({@code
 *       tf.image.adjust_saturation});
 *   <li>hue: HSV hue plus {@code delta} turns, wrapped ({@code tf.image.adjust_hue}).
 * </ul>
 *
 * Results are clipped to 0..255 (uint8 ones rounded). Saturation and hue need RGB (3 channels).
 * The {@code random*} forms draw one factor per image, uniformly, from a stateless seed.
 */
public final class ColorAugmentation {
  private ColorAugmentation() {}

  // ---------------------------------------------------------------- fixed factors

  public static <T extends TNumber> Operand<T> adjustBrightness(Ops tf, Operand<T> image, double delta) {
    return adjustBrightness(tf, image, tf.constant((float) delta));
  }

  /** @param delta a scalar, or one value per image shaped (batch, 1, 1, 1) */
  public static <T extends TNumber> Operand<T> adjustBrightness(Ops tf, Operand<T> image, Operand<TFloat32> delta) {
    ImageTensors.check(image, "image");
    Operand<TFloat32> y = tf.math.add(toFloat(tf, image), tf.math.mul(delta, tf.constant(255f)));
    return fromFloat(tf, clip(tf, y), image.type());
  }

  public static <T extends TNumber> Operand<T> adjustContrast(Ops tf, Operand<T> image, double factor) {
    return adjustContrast(tf, image, tf.constant((float) factor));
  }

  /** @param factor a scalar, or one value per image shaped (batch, 1, 1, 1) */
  public static <T extends TNumber> Operand<T> adjustContrast(Ops tf, Operand<T> image, Operand<TFloat32> factor) {
    ImageTensors.check(image, "image");
    Operand<TFloat32> x = toFloat(tf, image);
    int r = image.shape().numDimensions();
    Operand<TFloat32> mean = tf.math.mean(x, tf.constant(new int[] {r - 3, r - 2}), Mean.keepDims(true));
    Operand<TFloat32> y = tf.math.add(tf.math.mul(tf.math.sub(x, mean), factor), mean);
    return fromFloat(tf, clip(tf, y), image.type());
  }

  public static <T extends TNumber> Operand<T> adjustSaturation(Ops tf, Operand<T> image, double factor) {
    return adjustSaturation(tf, image, tf.constant((float) factor));
  }

  /** @param factor a scalar, or one value per image shaped (batch, 1, 1, 1) */
  public static <T extends TNumber> Operand<T> adjustSaturation(Ops tf, Operand<T> image, Operand<TFloat32> factor) {
    checkRgb(image);
    return hsv(tf, image, (h, s) -> new Operand[] {h, tf.clipByValue(tf.math.mul(s, factor), tf.constant(0f), tf.constant(1f))});
  }

  public static <T extends TNumber> Operand<T> adjustHue(Ops tf, Operand<T> image, double delta) {
    return adjustHue(tf, image, tf.constant((float) delta));
  }

  /** @param delta turns of the hue circle in [-1, 1]: a scalar, or one per image shaped (batch, 1, 1, 1) */
  public static <T extends TNumber> Operand<T> adjustHue(Ops tf, Operand<T> image, Operand<TFloat32> delta) {
    checkRgb(image);
    return hsv(tf, image, (h, s) -> new Operand[] {tf.math.floorMod(tf.math.add(h, delta), tf.constant(1f)), s});
  }

  // ---------------------------------------------------------------- random factors, one per image

  /** {@code tf.image.random_brightness}: delta ~ U[-maxDelta, maxDelta) per image. */
  public static <T extends TNumber> Operand<T> randomBrightness(Ops tf, Operand<T> image, double maxDelta,
      Operand<TInt64> seed) {
    checkNonNegative("max_delta", maxDelta);
    return adjustBrightness(tf, image, perImage(tf, image, -maxDelta, maxDelta, seed));
  }

  /** {@code tf.image.random_contrast}: factor ~ U[lower, upper) per image. */
  public static <T extends TNumber> Operand<T> randomContrast(Ops tf, Operand<T> image, double lower, double upper,
      Operand<TInt64> seed) {
    checkRange(lower, upper);
    return adjustContrast(tf, image, perImage(tf, image, lower, upper, seed));
  }

  /** {@code tf.image.random_saturation}: factor ~ U[lower, upper) per image. */
  public static <T extends TNumber> Operand<T> randomSaturation(Ops tf, Operand<T> image, double lower, double upper,
      Operand<TInt64> seed) {
    checkRange(lower, upper);
    return adjustSaturation(tf, image, perImage(tf, image, lower, upper, seed));
  }

  /** {@code tf.image.random_hue}: delta ~ U[-maxDelta, maxDelta) per image, {@code maxDelta} in [0, 0.5]. */
  public static <T extends TNumber> Operand<T> randomHue(Ops tf, Operand<T> image, double maxDelta, Operand<TInt64> seed) {
    if (!(maxDelta >= 0 && maxDelta <= 0.5)) {
      throw new IllegalArgumentException("`max_delta` must be in the interval [0, 0.5]. Received: max_delta=" + maxDelta);
    }
    return adjustHue(tf, image, perImage(tf, image, -maxDelta, maxDelta, seed));
  }

  /**
   * The colour changes of section 3.1 in one call, each with its own factor per image, in
   * {@code tf.image}'s order: brightness, contrast, saturation, hue (the last two only for RGB).
   */
  public static <T extends TNumber> Operand<T> randomColor(Ops tf, Operand<T> image, double brightness, double contrast,
      double saturation, double hue, Operand<TInt64> seed) {
    Operand<T> y = randomBrightness(tf, image, brightness, subSeed(tf, seed, 11));
    y = randomContrast(tf, y, 1 - contrast, 1 + contrast, subSeed(tf, seed, 12));
    if (ImageTensors.channels(image) == 3) {
      y = randomSaturation(tf, y, 1 - saturation, 1 + saturation, subSeed(tf, seed, 13));
      y = randomHue(tf, y, hue, subSeed(tf, seed, 14));
    }
    return y;
  }

  // ---------------------------------------------------------------- on host arrays

  public static FloatNdArray adjustBrightness(FloatNdArray image, double delta) {
    return Eager.array(tf -> adjustBrightness(tf, Eager.constant(tf, image), delta));
  }

  public static FloatNdArray adjustContrast(FloatNdArray image, double factor) {
    return Eager.array(tf -> adjustContrast(tf, Eager.constant(tf, image), factor));
  }

  public static FloatNdArray adjustSaturation(FloatNdArray image, double factor) {
    return Eager.array(tf -> adjustSaturation(tf, Eager.constant(tf, image), factor));
  }

  public static FloatNdArray adjustHue(FloatNdArray image, double delta) {
    return Eager.array(tf -> adjustHue(tf, Eager.constant(tf, image), delta));
  }

  // ---------------------------------------------------------------- helpers

  private interface HsvEdit {
    Operand<?>[] apply(Operand<TFloat32> hue, Operand<TFloat32> saturation);
  }

  /**
   * RGB to HSV, edit hue and saturation, back to RGB. TF's conversion is scale-free in value (V =
   * max(R, G, B)), so it works on 0..255 values directly.
   */
  @SuppressWarnings("unchecked")
  private static <T extends TNumber> Operand<T> hsv(Ops tf, Operand<T> image, HsvEdit edit) {
    Operand<TFloat32> x = toFloat(tf, batched(tf, image));
    Operand<TFloat32> hsv = tf.image.rgbToHsv(x);
    List<Output<TFloat32>> parts = tf.split(tf.constant(3), hsv, 3L).output();
    Operand<?>[] hs = edit.apply(parts.get(0), parts.get(1));
    Operand<TFloat32> edited = tf.concat(List.of((Operand<TFloat32>) hs[0], (Operand<TFloat32>) hs[1], parts.get(2)),
        tf.constant(3));
    Operand<TFloat32> rgb = clip(tf, tf.image.hsvToRgb(edited));
    return like(tf, fromFloat(tf, rgb, image.type()), image);
  }

  private static Operand<TFloat32> clip(Ops tf, Operand<TFloat32> x) {
    return tf.clipByValue(x, tf.constant(0f), tf.constant(255f));
  }

  /** One uniform draw per image, shaped to broadcast over (height, width, channels). */
  private static Operand<TFloat32> perImage(Ops tf, Operand<?> image, double lower, double upper, Operand<TInt64> seed) {
    ImageTensors.check(image, "image");
    Operand<TInt32> shape = ImageTensors.isBatch(image)
        ? tf.concat(List.of(ImageTensors.batchSize(tf, image), tf.constant(new int[] {1, 1, 1})), tf.constant(0))
        : tf.constant(new int[] {1, 1, 1});
    Operand<TFloat32> u = tf.random.statelessRandomUniform(shape, seed);
    return tf.math.add(tf.math.mul(u, tf.constant((float) (upper - lower))), tf.constant((float) lower));
  }

  private static void checkRgb(Operand<?> image) {
    ImageTensors.check(image, "image");
    if (ImageTensors.channels(image) != 3) {
      throw new IllegalArgumentException(
          "Saturation and hue need an RGB image (3 channels). Received: image.shape=" + Shapes.format(image.shape()));
    }
  }

  private static void checkNonNegative(String arg, double v) {
    if (!(v >= 0) || !Double.isFinite(v)) {
      throw new IllegalArgumentException("`" + arg + "` must be a finite non-negative number. Received: " + arg + "=" + v);
    }
  }

  private static void checkRange(double lower, double upper) {
    if (!(lower >= 0) || !(upper >= lower) || !Double.isFinite(upper)) {
      throw new IllegalArgumentException(
          "Expected 0 <= lower <= upper. Received: lower=" + lower + ", upper=" + upper);
    }
  }
}
