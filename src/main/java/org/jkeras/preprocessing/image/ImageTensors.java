package org.jkeras.preprocessing.image;

import java.util.List;
import org.jkeras.backend.Shapes;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TNumber;

/**
 * What the image functions of this package accept, and the conversions they share. An image is
 * one (height, width, channels) tensor or a batch (batch, height, width, channels), of uint8 or
 * float32 values in 0..255, with 1 (grayscale), 3 (RGB) or 4 (RGBA) channels: Keras's colour modes.
 */
public final class ImageTensors {
  private ImageTensors() {}

  /** Checks rank, dtype and channels; {@code arg} names the argument in the error. */
  public static void check(Operand<?> image, String arg) {
    if (image == null) {
      throw new IllegalArgumentException("Received an invalid value for `" + arg + "`: null");
    }
    Shape s = image.shape();
    if (s.isUnknown() || (s.numDimensions() != 3 && s.numDimensions() != 4)) {
      throw new IllegalArgumentException(
          "Expected `" + arg + "` to be one image (height, width, channels) or a batch (batch, height, width, channels)."
              + " Received: " + arg + ".shape=" + Shapes.format(s));
    }
    Class<?> type = image.type();
    if (type != TFloat32.class && type != TUint8.class) {
      throw new IllegalArgumentException(
          "Expected `" + arg + "` of dtype uint8 or float32. Received: " + arg + ".dtype=" + image.asOutput().dataType());
    }
    long c = s.get(s.numDimensions() - 1);
    if (c != 1 && c != 3 && c != 4) {
      throw new IllegalArgumentException(
          "Expected `" + arg + "` with 1 (grayscale), 3 (RGB) or 4 (RGBA) channels. Received: " + arg + ".shape="
              + Shapes.format(s));
    }
  }

  /** {@link #check} plus a known (static) height and width, needed to size a crop or a canvas. */
  public static void checkStaticSize(Operand<?> image, String arg) {
    check(image, arg);
    Shape s = image.shape();
    int r = s.numDimensions();
    if (s.get(r - 3) < 0 || s.get(r - 2) < 0) {
      throw new IllegalArgumentException(
          "Expected `" + arg + "` with a known height and width. Received: " + arg + ".shape=" + Shapes.format(s));
    }
  }

  public static int height(Operand<?> image) {
    Shape s = image.shape();
    return (int) s.get(s.numDimensions() - 3);
  }

  public static int width(Operand<?> image) {
    Shape s = image.shape();
    return (int) s.get(s.numDimensions() - 2);
  }

  public static int channels(Operand<?> image) {
    Shape s = image.shape();
    return (int) s.get(s.numDimensions() - 1);
  }

  public static boolean isBatch(Operand<?> image) {
    return image.shape().numDimensions() == 4;
  }

  /** A batch: the image itself, or a single image with a batch dimension of 1 added. */
  public static <T extends TNumber> Operand<T> batched(Ops tf, Operand<T> image) {
    return isBatch(image) ? image : tf.expandDims(image, tf.constant(0));
  }

  /** Undoes {@link #batched} when {@code like} was a single image. */
  public static <T extends TNumber> Operand<T> like(Ops tf, Operand<T> batch, Operand<?> like) {
    return isBatch(like) ? batch : tf.squeeze(batch, Squeeze.axis(List.of(0L)));
  }

  /** The values as float32 (uint8 0..255 becomes 0.0..255.0). */
  @SuppressWarnings("unchecked")
  public static Operand<TFloat32> toFloat(Ops tf, Operand<? extends TNumber> image) {
    return image.type() == TFloat32.class ? (Operand<TFloat32>) image : tf.dtypes.cast(image, TFloat32.class);
  }

  /**
   * Back to {@code type}: float32 unchanged; uint8 rounded half up and saturated to 0..255, as
   * OpenCV's fixed-point {@code warpAffine} rounds (it adds half of its weight scale before the
   * shift) and as {@code tf.image.convert_image_dtype} does ({@code x * 255 + 0.5}, truncated).
   */
  @SuppressWarnings("unchecked")
  public static <T extends TNumber> Operand<T> fromFloat(Ops tf, Operand<TFloat32> values, Class<T> type) {
    if (type == TFloat32.class) {
      return (Operand<T>) values;
    }
    Operand<TFloat32> rounded = tf.math.floor(tf.math.add(values, tf.constant(0.5f)));
    Operand<TFloat32> r = tf.clipByValue(rounded, tf.constant(0f), tf.constant(255f));
    return tf.dtypes.cast(r, type);
  }

  /** The batch size: static when known, else read at run time. */
  public static Operand<TInt32> batchSize(Ops tf, Operand<?> batch) {
    long n = batch.shape().get(0);
    if (n >= 0) {
      return tf.constant(new int[] {(int) n});
    }
    return tf.slice(tf.shape(batch), tf.constant(new int[] {0}), tf.constant(new int[] {1}));
  }

  /**
   * A stateless seed derived from {@code seed} for the {@code k}-th draw of one function: the
   * first word moves by a large odd constant (a different Philox key), the second (the step) stays.
   */
  public static Operand<TInt64> subSeed(Ops tf, Operand<TInt64> seed, long k) {
    if (k == 0) {
      return seed;
    }
    return tf.math.add(seed, tf.constant(new long[] {k * 0x9E3779B97F4A7C15L, 0L}));
  }

  /** A [2] int64 stateless seed for a plain {@code long} seed. */
  public static Operand<TInt64> seed(Ops tf, long seed) {
    return tf.constant(new long[] {seed, 0L});
  }
}
