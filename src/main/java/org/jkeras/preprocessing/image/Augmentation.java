package org.jkeras.preprocessing.image;

import static org.jkeras.preprocessing.image.ImageTensors.batched;
import static org.jkeras.preprocessing.image.ImageTensors.like;
import static org.jkeras.preprocessing.image.ImageTensors.subSeed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jkeras.backend.Eager;
import org.jkeras.backend.Shapes;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TNumber;

/**
 * The seed's data augmentation (sections 3.1 and 4.1) as TF graph ops: {@code random_crop},
 * {@code random_rotate}, and the random flips section 3.1 names (colour changes are in {@link
 * ColorAugmentation}). The seed's
 *
 * <pre>{@code
 * size = (100, 100)
 * angle = 45
 * cropped_image = random_crop(image, size)
 * rotated_image = random_rotate(cropped_image, angle)
 * }</pre>
 *
 * is, on a host array ({@code import static ...Augmentation.*}):
 *
 * <pre>{@code
 * int[] size = {100, 100};
 * double angle = 45;
 * FloatNdArray croppedImage = randomCrop(image, size, seed);
 * FloatNdArray rotatedImage = randomRotate(croppedImage, angle);
 * }</pre>
 *
 * <p>Each function takes one image (height, width, channels) or a batch (batch, height, width,
 * channels), uint8 or float32 values in 0..255 (see {@link ImageTensors}), and returns the same
 * dtype. On a batch, random choices are made per image, as the seed's functions applied to each
 * image in turn. Randomness is stateless: a [2] int64 {@code seed} (e.g. {@code
 * SeedGenerator.next(tf)} in a layer, {@link ImageTensors#seed(Ops, long)} for a fixed seed)
 * gives the same output, run after run. Overloads on {@link FloatNdArray} run the op at once on
 * a host array, for notebooks and scripts.
 */
public final class Augmentation {
  private Augmentation() {}

  // ---------------------------------------------------------------- random_crop

  /**
   * The seed's {@code random_crop(image, size)}: a {@code size = (height, width)} window whose
   * top-left corner is drawn uniformly as {@code x1 = randint(0, w - size[1])}, {@code y1 =
   * randint(0, h - size[0])} (NumPy's exclusive upper bound: the last offset {@code w - size[1]}
   * is never drawn, and a crop as large as the image has no offset to draw, an error as in
   * NumPy).
   */
  public static <T extends TNumber> Operand<T> randomCrop(Ops tf, Operand<T> image, int[] size, Operand<TInt64> seed) {
    ImageTensors.checkStaticSize(image, "image");
    checkCropSize(size, ImageTensors.height(image), ImageTensors.width(image), image);
    int h = ImageTensors.height(image);
    int w = ImageTensors.width(image);
    if (!ImageTensors.isBatch(image)) {
      Operand<TInt32> x1 = tf.random.statelessRandomUniformInt(tf.constant(new int[0]), seed, tf.constant(0),
          tf.constant(w - size[1]));
      Operand<TInt32> y1 = tf.random.statelessRandomUniformInt(tf.constant(new int[0]), subSeed(tf, seed, 1),
          tf.constant(0), tf.constant(h - size[0]));
      return tf.slice(image, tf.stack(List.of(y1, x1, tf.constant(0))),
          tf.constant(new int[] {size[0], size[1], -1}));
    }
    Operand<TInt32> n = ImageTensors.batchSize(tf, image);
    Operand<TInt32> x1 = tf.random.statelessRandomUniformInt(n, seed, tf.constant(0), tf.constant(w - size[1]));
    Operand<TInt32> y1 = tf.random.statelessRandomUniformInt(n, subSeed(tf, seed, 1), tf.constant(0),
        tf.constant(h - size[0]));
    return cropAt(tf, image, y1, x1, size);
  }

  /**
   * The seed's slice {@code image[y1:y1 + size[0], x1:x1 + size[1]]} at a given corner, the
   * deterministic half of {@link #randomCrop} ({@code tf.image.crop_to_bounding_box}).
   */
  public static <T extends TNumber> Operand<T> crop(Ops tf, Operand<T> image, int offsetHeight, int offsetWidth, int[] size) {
    ImageTensors.checkStaticSize(image, "image");
    int h = ImageTensors.height(image);
    int w = ImageTensors.width(image);
    checkSize(size);
    if (offsetHeight < 0 || offsetWidth < 0 || offsetHeight + size[0] > h || offsetWidth + size[1] > w) {
      throw new IllegalArgumentException(
          "The crop window must lie inside the image. Received: offset=(" + offsetHeight + ", " + offsetWidth + "), size="
              + Arrays.toString(size) + ", image.shape=" + Shapes.format(image.shape()));
    }
    int r = image.shape().numDimensions();
    int[] begin = r == 3 ? new int[] {offsetHeight, offsetWidth, 0} : new int[] {0, offsetHeight, offsetWidth, 0};
    int[] extent = r == 3 ? new int[] {size[0], size[1], -1} : new int[] {-1, size[0], size[1], -1};
    return tf.slice(image, tf.constant(begin), tf.constant(extent));
  }

  /** Batches up to this size, when known when the graph is built, are cropped with one Slice per image. */
  static final int MAX_UNROLLED_BATCH = 256;

  /**
   * Per-image corners of a batch, {@code out[b, y, x] = in[b, y1[b] + y, x1[b] + x]}: one Slice per
   * image when the batch size is known (copies of whole rows, 3-4 times faster than a gather of
   * pixels), else one gather of pixels.
   */
  private static <T extends TNumber> Operand<T> cropAt(Ops tf, Operand<T> batch, Operand<TInt32> y1, Operand<TInt32> x1,
      int[] size) {
    long staticN = batch.shape().get(0);
    if (staticN > 0 && staticN <= MAX_UNROLLED_BATCH) {
      List<Operand<T>> parts = new ArrayList<>();
      Operand<TInt32> extent = tf.constant(new int[] {1, size[0], size[1], -1});
      for (int b = 0; b < staticN; b++) {
        Operand<TInt32> at = tf.constant(new int[] {b});
        Operand<TInt32> one = tf.constant(new int[] {1});
        Operand<TInt32> begin = tf.concat(List.of(at, tf.slice(y1, at, one), tf.slice(x1, at, one),
            tf.constant(new int[] {0})), tf.constant(0));
        parts.add(tf.slice(batch, begin, extent));
      }
      return staticN == 1 ? parts.get(0) : tf.concat(parts, tf.constant(0));
    }
    int h = ImageTensors.height(batch);
    int w = ImageTensors.width(batch);
    int c = ImageTensors.channels(batch);
    int[] window = new int[size[0] * size[1]];
    for (int y = 0; y < size[0]; y++) {
      for (int x = 0; x < size[1]; x++) {
        window[y * size[1] + x] = y * w + x;
      }
    }
    Operand<TInt32> n = tf.reshape(ImageTensors.batchSize(tf, batch), tf.constant(new int[0]));
    Operand<TInt32> first = tf.math.add(tf.math.mul(tf.range(tf.constant(0), n, tf.constant(1)), tf.constant(h * w)),
        tf.math.add(tf.math.mul(y1, tf.constant(w)), x1));
    Operand<TInt32> rows = tf.math.add(tf.expandDims(first, tf.constant(1)), tf.constant(new int[][] {window}));
    Operand<T> pixels = tf.gather(tf.reshape(batch, tf.constant(new int[] {-1, c})), rows, tf.constant(0));
    return tf.reshape(pixels, tf.constant(new int[] {-1, size[0], size[1], c}));
  }

  private static void checkSize(int[] size) {
    if (size == null || size.length != 2 || size[0] <= 0 || size[1] <= 0) {
      throw new IllegalArgumentException(
          "Expected `size` to be (height, width), two positive integers. Received: size="
              + (size == null ? "null" : Arrays.toString(size)));
    }
  }

  static void checkCropSize(int[] size, int h, int w, Operand<?> image) {
    checkSize(size);
    if (size[0] > h || size[1] > w) {
      throw new IllegalArgumentException(
          "The crop is larger than the image. Received: size=" + Arrays.toString(size) + ", image.shape="
              + Shapes.format(image.shape()));
    }
    if (size[0] == h || size[1] == w) {
      throw new IllegalArgumentException(
          "The crop must be smaller than the image in both dimensions: the seed draws the corner with"
              + " randint(0, w - size[1]) and randint(0, h - size[0]), which has no value when a side equals the image's"
              + " (NumPy: low >= high). Received: size=" + Arrays.toString(size) + ", image.shape="
              + Shapes.format(image.shape()));
    }
  }

  // ---------------------------------------------------------------- random_rotate

  /**
   * The seed's {@code random_rotate(image, angle)}: OpenCV's {@code getRotationMatrix2D} about
   * {@code (w // 2, h // 2)} by {@code angle} degrees (positive: counter-clockwise), then {@code
   * warpAffine} onto the enlarged canvas {@code (nH, nW)} the seed computes (see {@link
   * SeedRotation}), bilinear, constant 0 border. uint8 results are rounded as OpenCV does.
   *
   * <p>Up to {@link BilinearWarp#MAX_PIXELS} output pixels the warp is {@link BilinearWarp}: the
   * sampling of {@code ImageProjectiveTransformV3} (bilinear, constant fill) as sparse matrix
   * products for the whole batch (one per band of output rows), 2 to 4 times faster on these
   * machines; larger canvases use that op
   * itself, whose memory does not grow with a (pixels x 4) sparse matrix.
   */
  public static <T extends TNumber> Operand<T> randomRotate(Ops tf, Operand<T> image, double angle) {
    ImageTensors.checkStaticSize(image, "image");
    SeedRotation r = SeedRotation.of(ImageTensors.height(image), ImageTensors.width(image), angle);
    Operand<T> batch = batched(tf, image);
    Operand<T> y;
    if ((long) r.height() * r.width() <= BilinearWarp.MAX_PIXELS) {
      y = BilinearWarp.apply(tf, batch, r.inverse(), r.height(), r.width());
    } else {
      // Large canvases: the projective op, whose memory does not grow with a sparse matrix.
      Operand<TFloat32> warped = ImageOps.affineTransform(tf, ImageTensors.toFloat(tf, batch),
          tf.constant(new float[][] {r.inverseTransform()}), r.height(), r.width(), "bilinear", "constant", 0f);
      y = ImageTensors.fromFloat(tf, warped, image.type());
    }
    return like(tf, y, image);
  }

  // ---------------------------------------------------------------- flips (section 3.1)

  /** Mirrors left-right ({@code tf.image.flip_left_right}, {@code cv2.flip(image, 1)}). */
  public static <T extends TNumber> Operand<T> flipLeftRight(Ops tf, Operand<T> image) {
    ImageTensors.check(image, "image");
    return tf.reverse(image, tf.constant(new int[] {-2}));
  }

  /** Mirrors top-bottom ({@code tf.image.flip_up_down}, {@code cv2.flip(image, 0)}). */
  public static <T extends TNumber> Operand<T> flipUpDown(Ops tf, Operand<T> image) {
    ImageTensors.check(image, "image");
    return tf.reverse(image, tf.constant(new int[] {-3}));
  }

  /** Section 3.1's random horizontal flip: each image mirrored left-right with probability 1/2. */
  public static <T extends TNumber> Operand<T> randomFlipLeftRight(Ops tf, Operand<T> image, Operand<TInt64> seed) {
    return randomly(tf, image, flipLeftRight(tf, image), seed);
  }

  /** Section 3.1's random vertical flip: each image mirrored top-bottom with probability 1/2. */
  public static <T extends TNumber> Operand<T> randomFlipUpDown(Ops tf, Operand<T> image, Operand<TInt64> seed) {
    return randomly(tf, image, flipUpDown(tf, image), seed);
  }

  private static <T extends TNumber> Operand<T> randomly(Ops tf, Operand<T> image, Operand<T> changed,
      Operand<TInt64> seed) {
    // One draw per image, shaped (batch, 1, 1, 1) so that SelectV2 broadcasts it over the pixels.
    Operand<TInt32> shape = ImageTensors.isBatch(image)
        ? tf.concat(List.of(ImageTensors.batchSize(tf, image), tf.constant(new int[] {1, 1, 1})), tf.constant(0))
        : tf.constant(new int[0]);
    Operand<TBool> pick = tf.math.less(tf.random.statelessRandomUniform(shape, seed), tf.constant(0.5f));
    return tf.select(pick, changed, image);
  }

  // ---------------------------------------------------------------- on host arrays

  /** {@link #randomCrop(Ops, Operand, int[], Operand)} on a float32 host array, with a fixed seed. */
  public static FloatNdArray randomCrop(FloatNdArray image, int[] size, long seed) {
    return Eager.array(tf -> randomCrop(tf, Eager.constant(tf, image), size, ImageTensors.seed(tf, seed)));
  }

  /** {@link #randomRotate(Ops, Operand, double)} on a float32 host array. */
  public static FloatNdArray randomRotate(FloatNdArray image, double angle) {
    return Eager.array(tf -> randomRotate(tf, Eager.constant(tf, image), angle));
  }

  public static FloatNdArray flipLeftRight(FloatNdArray image) {
    return Eager.array(tf -> flipLeftRight(tf, Eager.constant(tf, image)));
  }

  public static FloatNdArray flipUpDown(FloatNdArray image) {
    return Eager.array(tf -> flipUpDown(tf, Eager.constant(tf, image)));
  }
}
