package org.jkeras.preprocessing.image;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.jkeras.kwargs.Args;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Keras's {@code ImageDataGenerator} ({@code tf.keras.preprocessing.image}; in Keras 3 {@code
 * keras._legacy.preprocessing.image}), the augmentation tool section 6 of the seed names: random
 * affine transformations, flips, channel and brightness shifts drawn per image, then normalisation,
 * over images from a folder ({@link #flowFromDirectory}), arrays ({@link #flow}) or a CSV table
 * ({@link #flowFromDataframe}). Arguments, defaults and numbers are Keras's, in camelCase:
 *
 * <pre>{@code
 * ImageDataGenerator gen = new ImageDataGenerator().rescale(1 / 255.0).rotationRange(20)
 *     .widthShiftRange(0.2).heightShiftRange(0.2).zoomRange(0.2).horizontalFlip(true).validationSplit(0.2);
 * DirectoryIterator train = gen.flowFromDirectory(Path.of("data/train"), targetSize(224, 224), batchSize(32),
 *     classMode("binary"), subset("training"));
 * model.fit(train, epochs(10));
 * }</pre>
 *
 * <p>The parameters are drawn on the host with {@link Random} (Keras: NumPy's global generator), one
 * dictionary per image ({@link #getRandomTransform}); the images of a flow's batch are transformed
 * side by side on every core ({@link #applyTransform}; see {@link AffineSampler} for how it matches SciPy's
 * interpolation and fill modes). Only {@code data_format="channels_last"} and float32; {@code
 * zca_whitening} is refused (Keras's d x d whitening matrix, d = height x width x channels, is 600 MB
 * at 64x64 RGB).
 */
public final class ImageDataGenerator {
  private static final List<String> FILL_MODES = List.of("constant", "nearest", "reflect", "wrap");

  private boolean featurewiseCenter;
  private boolean samplewiseCenter;
  private boolean featurewiseStdNormalization;
  private boolean samplewiseStdNormalization;
  private double rotationRange;
  private ShiftRange widthShiftRange = ShiftRange.NONE;
  private ShiftRange heightShiftRange = ShiftRange.NONE;
  private double[] brightnessRange;
  private double shearRange;
  private double[] zoomRange = {1, 1};
  private double channelShiftRange;
  private String fillMode = "nearest";
  private double cval;
  private boolean horizontalFlip;
  private boolean verticalFlip;
  private double rescale;
  private UnaryOperator<FloatNdArray> preprocessingFunction;
  private double validationSplit;
  private int interpolationOrder = 1;
  private final Random random = new Random();
  /** Per-channel statistics from {@link #fit}: Keras's {@code mean} and {@code std}, shape (1, 1, channels). */
  private float[] mean;
  private float[] std;

  /** Keras's defaults: no transformation, no normalisation, fill "nearest". */
  public ImageDataGenerator() {}

  // ------------------------------------------------------------------ arguments

  /** Set the input mean to 0 over the dataset, per channel (needs {@link #fit}). */
  public ImageDataGenerator featurewiseCenter(boolean on) {
    featurewiseCenter = on;
    return this;
  }

  /** Set each sample's mean to 0. */
  public ImageDataGenerator samplewiseCenter(boolean on) {
    samplewiseCenter = on;
    return this;
  }

  /** Divide inputs by the dataset's std, per channel (needs {@link #fit}; implies {@code featurewiseCenter}, as in Keras). */
  public ImageDataGenerator featurewiseStdNormalization(boolean on) {
    featurewiseStdNormalization = on;
    return this;
  }

  /** Divide each input by its std (implies {@code samplewiseCenter}, as in Keras). */
  public ImageDataGenerator samplewiseStdNormalization(boolean on) {
    samplewiseStdNormalization = on;
    return this;
  }

  /** Keras's ZCA whitening is not supported: refused here rather than ignored. */
  public ImageDataGenerator zcaWhitening(boolean on) {
    if (on) {
      throw new UnsupportedOperationException("`zca_whitening` is not supported by jkeras's ImageDataGenerator: Keras's whitening"
          + " matrix has (height*width*channels)^2 entries (600 MB at 64x64x3). Received: zca_whitening=true");
    }
    return this;
  }

  /** Degree range for random rotations: theta ~ U(-r, r). */
  public ImageDataGenerator rotationRange(double degrees) {
    rotationRange = nonNegative(degrees, "rotation_range");
    return this;
  }

  /** A fraction of the width when below 1 (a shift drawn in (-f, f) times the width), else pixels. */
  public ImageDataGenerator widthShiftRange(double f) {
    widthShiftRange = ShiftRange.of(f, "width_shift_range");
    return this;
  }

  /** Whole pixels: a shift in {-(n-1), ..., n-1} (NumPy's {@code choice(n)} with a random sign). */
  public ImageDataGenerator widthShiftRange(int n) {
    widthShiftRange = ShiftRange.ofPixels(n, "width_shift_range");
    return this;
  }

  /** One of {@code values} with a random sign (fractions of the width when all are below 1). */
  public ImageDataGenerator widthShiftRange(double... values) {
    widthShiftRange = ShiftRange.ofList(values, "width_shift_range");
    return this;
  }

  /** As {@link #widthShiftRange(double)}, for the height. */
  public ImageDataGenerator heightShiftRange(double f) {
    heightShiftRange = ShiftRange.of(f, "height_shift_range");
    return this;
  }

  public ImageDataGenerator heightShiftRange(int n) {
    heightShiftRange = ShiftRange.ofPixels(n, "height_shift_range");
    return this;
  }

  public ImageDataGenerator heightShiftRange(double... values) {
    heightShiftRange = ShiftRange.ofList(values, "height_shift_range");
    return this;
  }

  /** Brightness factor range: Pillow's {@code ImageEnhance.Brightness} by U(lo, hi) (1 keeps the image). */
  public ImageDataGenerator brightnessRange(double lo, double hi) {
    if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
      throw new IllegalArgumentException("`brightness_range should be tuple or list of two floats. Received: (" + lo + ", " + hi + ")");
    }
    brightnessRange = new double[] {lo, hi};
    return this;
  }

  /** Shear angle in degrees, counter-clockwise: U(-r, r). */
  public ImageDataGenerator shearRange(double degrees) {
    shearRange = nonNegative(degrees, "shear_range");
    return this;
  }

  /** Zoom factors drawn in [1 - z, 1 + z], independently for the two axes. */
  public ImageDataGenerator zoomRange(double z) {
    if (!Double.isFinite(z)) {
      throw new IllegalArgumentException("`zoom_range` should be a float or a tuple or list of two floats. Received: " + z);
    }
    zoomRange = new double[] {1 - z, 1 + z};
    return this;
  }

  /** Zoom factors drawn in [lo, hi]. */
  public ImageDataGenerator zoomRange(double lo, double hi) {
    if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
      throw new IllegalArgumentException("`zoom_range` should be a float or a tuple or list of two floats. Received: (" + lo + ", " + hi + ")");
    }
    zoomRange = new double[] {lo, hi};
    return this;
  }

  /** Channel shift: U(-r, r) added to every channel, clipped to the image's min and max. */
  public ImageDataGenerator channelShiftRange(double r) {
    channelShiftRange = nonNegative(r, "channel_shift_range");
    return this;
  }

  /** Points outside the input: "nearest" (default, aaaaaaaa|abcd|dddddddd), "constant" (cval), "reflect" (abcddcba|abcd|dcbaabcd), "wrap". */
  public ImageDataGenerator fillMode(String mode) {
    if (!FILL_MODES.contains(mode)) {
      throw new IllegalArgumentException("`fill_mode` must be one of " + FILL_MODES + ". Received: fill_mode=" + mode);
    }
    fillMode = mode;
    return this;
  }

  /** The value of points outside the input with {@code fillMode("constant")} (default 0). */
  public ImageDataGenerator cval(double value) {
    cval = value;
    return this;
  }

  public ImageDataGenerator horizontalFlip(boolean on) {
    horizontalFlip = on;
    return this;
  }

  public ImageDataGenerator verticalFlip(boolean on) {
    verticalFlip = on;
    return this;
  }

  /** Multiply the data by this factor after the transformations (0, the default, is none, as Keras's None). */
  public ImageDataGenerator rescale(double factor) {
    if (!Double.isFinite(factor)) {
      throw new IllegalArgumentException("`rescale` must be a finite number. Received: rescale=" + factor);
    }
    rescale = factor;
    return this;
  }

  /**
   * A function applied to each image (a (height, width, channels) array) after its transformation,
   * before rescaling and normalisation; it returns an array of the same shape. It may be called from
   * several threads at once.
   */
  public ImageDataGenerator preprocessingFunction(UnaryOperator<FloatNdArray> function) {
    preprocessingFunction = function;
    return this;
  }

  /** Only "channels_last" (height, width, channels). */
  public ImageDataGenerator dataFormat(String format) {
    if (!"channels_last".equals(format)) {
      throw new IllegalArgumentException("jkeras's ImageDataGenerator supports `data_format=\"channels_last\"` only."
          + " Received: data_format=" + format);
    }
    return this;
  }

  /** The fraction of images reserved for {@code subset("validation")}, strictly between 0 and 1 (0: none). */
  public ImageDataGenerator validationSplit(double fraction) {
    if (fraction != 0 && !(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("`validation_split` must be strictly between 0 and 1.  Received: " + fraction);
    }
    validationSplit = fraction;
    return this;
  }

  /** SciPy's spline order for the affine transform: 1 (linear, default) or 0 (nearest pixel). */
  public ImageDataGenerator interpolationOrder(int order) {
    if (order != 0 && order != 1) {
      throw new IllegalArgumentException("jkeras supports `interpolation_order` 0 and 1. Received: interpolation_order=" + order);
    }
    interpolationOrder = order;
    return this;
  }

  public double validationSplit() {
    return validationSplit;
  }

  /** The per-channel mean {@link #fit} computed, or null. */
  public float[] mean() {
    return mean == null ? null : mean.clone();
  }

  /** The per-channel std {@link #fit} computed, or null. */
  public float[] std() {
    return std == null ? null : std.clone();
  }

  // ------------------------------------------------------------------ transformations

  /**
   * Keras's {@code get_random_transform(img_shape, seed)}: the parameters of one random
   * transformation for an image of shape (height, width, channels), as Keras's dictionary: {@code
   * theta}, {@code tx}, {@code ty}, {@code shear}, {@code zx}, {@code zy}, {@code flip_horizontal},
   * {@code flip_vertical}, {@code channel_shift_intensity}, {@code brightness}.
   *
   * @param seed a seed for this draw, or null for the generator's own random sequence
   */
  public Map<String, Object> getRandomTransform(long[] imgShape, Long seed) {
    if (imgShape.length != 3) {
      throw new IllegalArgumentException("`img_shape` must be (height, width, channels). Received: img_shape=" + Shape.of(imgShape));
    }
    return draw((int) imgShape[0], (int) imgShape[1], seed == null ? random : new Random(seed)).toMap();
  }

  public Map<String, Object> getRandomTransform(long[] imgShape) {
    return getRandomTransform(imgShape, null);
  }

  /** One draw, in Keras's order: theta, tx (rows), ty (columns), shear, zx, zy, flips, channel shift, brightness. */
  TransformParameters draw(int h, int w, Random r) {
    double theta = rotationRange != 0 ? uniform(r, -rotationRange, rotationRange) : 0;
    double tx = heightShiftRange.draw(r, h);
    double ty = widthShiftRange.draw(r, w);
    double shear = shearRange != 0 ? uniform(r, -shearRange, shearRange) : 0;
    double zx = 1;
    double zy = 1;
    if (zoomRange[0] != 1 || zoomRange[1] != 1) {
      zx = uniform(r, zoomRange[0], zoomRange[1]);
      zy = uniform(r, zoomRange[0], zoomRange[1]);
    }
    boolean fh = r.nextDouble() < 0.5 && horizontalFlip;
    boolean fv = r.nextDouble() < 0.5 && verticalFlip;
    Double shift = channelShiftRange != 0 ? uniform(r, -channelShiftRange, channelShiftRange) : null;
    Double bright = brightnessRange != null ? uniform(r, brightnessRange[0], brightnessRange[1]) : null;
    return new TransformParameters(theta, tx, ty, shear, zx, zy, fh, fv, shift, bright);
  }

  /** True when some transformation may be drawn (else {@link #applyTransform} is never needed). */
  boolean transforms() {
    return rotationRange != 0 || widthShiftRange.active() || heightShiftRange.active() || shearRange != 0
        || zoomRange[0] != 1 || zoomRange[1] != 1 || horizontalFlip || verticalFlip || channelShiftRange != 0
        || brightnessRange != null;
  }

  /**
   * Keras's {@code apply_transform(x, transform_parameters)}: one (height, width, channels) image
   * transformed by the given parameters (Keras's dictionary; missing keys mean no change). Builds
   * and frees a TF graph per call: the iterators reuse one for every batch.
   */
  public FloatNdArray applyTransform(FloatNdArray x, Map<String, ?> transformParameters) {
    return applyTransforms(List.of(x), List.of(TransformParameters.of(transformParameters))).get(0);
  }

  /** Keras's {@code random_transform(x, seed)}: {@link #applyTransform} with freshly drawn parameters. */
  public FloatNdArray randomTransform(FloatNdArray x, Long seed) {
    checkImage(x, "x");
    return applyTransform(x, getRandomTransform(x.shape().asArray(), seed));
  }

  /** Images of the same shape, each with its parameters. */
  List<FloatNdArray> applyTransforms(List<FloatNdArray> images, List<TransformParameters> params) {
    FloatNdArray first = images.get(0);
    checkImage(first, "x");
    Shape s = first.shape();
    FloatNdArray batch = NdArrays.ofFloats(Shape.of(images.size()).append(s));
    for (int i = 0; i < images.size(); i++) {
      if (!images.get(i).shape().equals(s)) {
        throw new IllegalArgumentException("All images must have the same shape. Received: " + s + " and " + images.get(i).shape());
      }
      images.get(i).copyTo(batch.get(i));
    }
    AffineSampler sampler = samplerFor(s);
    List<FloatNdArray> result = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      sampler.apply(batch.get(i), params.get(i));
      result.add(batch.get(i));
    }
    return result;
  }

  /** The transformation of images of {@code imageShape} with this generator's fill mode and interpolation. */
  AffineSampler samplerFor(Shape imageShape) {
    return new AffineSampler((int) imageShape.get(0), (int) imageShape.get(1), (int) imageShape.get(2), fillMode, cval,
        interpolationOrder);
  }

  // ------------------------------------------------------------------ normalisation

  /**
   * Keras's {@code standardize(x)} on one image (height, width, channels), in Keras's order: {@code
   * preprocessing_function}, {@code rescale}, sample-wise centre and std, feature-wise centre and
   * std (from {@link #fit}; without it they are skipped with Keras's warning). Returns a new array.
   */
  public FloatNdArray standardize(FloatNdArray x) {
    checkImage(x, "x");
    FloatNdArray out = NdArrays.ofFloats(x.shape());
    x.copyTo(out);
    standardizeInPlace(out);
    return out;
  }

  /** {@link #standardize} writing into {@code image}. */
  void standardizeInPlace(FloatNdArray image) {
    if (preprocessingFunction != null) {
      FloatNdArray y = preprocessingFunction.apply(image);
      if (y == null || !y.shape().equals(image.shape())) {
        throw new IllegalStateException("`preprocessing_function` must return an image of the shape it was given, "
            + image.shape() + ". Received: " + (y == null ? "null" : y.shape()));
      }
      if (y != image) {
        y.copyTo(image);
      }
    }
    boolean fCenter = featurewiseCenter || featurewiseStdNormalization;
    boolean sCenter = samplewiseCenter || samplewiseStdNormalization;
    if (rescale == 0 && !sCenter && !fCenter) {
      return;
    }
    int c = (int) image.shape().get(image.rank() - 1);
    float[] v = new float[(int) image.size()];
    image.copyTo(DataBuffers.of(v, false, false));
    if (rescale != 0) {
      float f = (float) rescale;
      for (int i = 0; i < v.length; i++) {
        v[i] *= f;
      }
    }
    if (sCenter) {
      float m = (float) meanStd(List.of(v), 1)[0][0];
      for (int i = 0; i < v.length; i++) {
        v[i] -= m;
      }
      if (samplewiseStdNormalization) {
        float s = (float) meanStd(List.of(v), 1)[0][1] + 1e-6f;
        for (int i = 0; i < v.length; i++) {
          v[i] /= s;
        }
      }
    }
    if (fCenter) {
      if (mean == null) {
        warnUnfitted("featurewise_center");
      } else {
        for (int i = 0; i < v.length; i++) {
          v[i] -= mean[i % c];
        }
      }
    }
    if (featurewiseStdNormalization) {
      if (std == null) {
        warnUnfitted("featurewise_std_normalization");
      } else {
        for (int i = 0; i < v.length; i++) {
          v[i] /= std[i % c] + 1e-6f;
        }
      }
    }
    image.copyFrom(DataBuffers.of(v, true, false));
  }

  private volatile boolean warnedUnfitted;

  private void warnUnfitted(String arg) {
    if (!warnedUnfitted) {
      warnedUnfitted = true;
      System.err.println("WARNING: This ImageDataGenerator specifies `" + arg + "`, but it hasn't been fit on any training data."
          + " Fit it first by calling `.fit(numpy_data)`.");
    }
  }

  /**
   * Keras's {@code fit(x)}: the per-channel mean (and std) of {@code x} (n, height, width, channels)
   * after {@code rescale}, for {@code featurewiseCenter} and {@code featurewiseStdNormalization}.
   */
  public ImageDataGenerator fit(FloatNdArray x) {
    return fit(x, false, 1, null);
  }

  /** {@link #fit(FloatNdArray)} over {@code rounds} randomly transformed copies of {@code x} when {@code augment}. */
  public ImageDataGenerator fit(FloatNdArray x, boolean augment, int rounds, Long seed) {
    if (x.rank() != 4) {
      throw new IllegalArgumentException("Input to `.fit()` should have rank 4. Got array with shape: " + x.shape());
    }
    if (rounds < 1) {
      throw new IllegalArgumentException("`rounds` must be a positive integer. Received: rounds=" + rounds);
    }
    int n = (int) x.shape().get(0);
    int c = (int) x.shape().get(3);
    Random r = seed == null ? random : new Random(seed);
    List<float[]> samples = new ArrayList<>();
    for (int round = 0; round < (augment ? rounds : 1); round++) {
      List<FloatNdArray> images = new ArrayList<>();
      List<TransformParameters> params = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        FloatNdArray img = NdArrays.ofFloats(x.get(i).shape());
        x.get(i).copyTo(img);
        if (rescale != 0) {
          scale(img, (float) rescale);
        }
        images.add(img);
        params.add(draw((int) img.shape().get(0), (int) img.shape().get(1), r));
      }
      if (augment && n > 0) {
        images = applyTransforms(images, params);
      }
      for (FloatNdArray img : images) {
        float[] v = new float[(int) img.size()];
        img.copyTo(DataBuffers.of(v, false, false));
        samples.add(v);
      }
    }
    boolean fCenter = featurewiseCenter || featurewiseStdNormalization;
    if (fCenter) {
      float[] m = new float[c];
      double[][] ms = meanStd(samples, c);
      for (int k = 0; k < c; k++) {
        m[k] = (float) ms[k][0];
      }
      for (float[] v : samples) {
        for (int i = 0; i < v.length; i++) {
          v[i] -= m[i % c];
        }
      }
      mean = m;
    }
    if (featurewiseStdNormalization) {
      float[] s = new float[c];
      double[][] ms = meanStd(samples, c);
      for (int k = 0; k < c; k++) {
        s[k] = (float) ms[k][1];
      }
      std = s;
    }
    return this;
  }

  private static void scale(FloatNdArray img, float f) {
    float[] v = new float[(int) img.size()];
    img.copyTo(DataBuffers.of(v, false, false));
    for (int i = 0; i < v.length; i++) {
      v[i] *= f;
    }
    img.copyFrom(DataBuffers.of(v, true, false));
  }

  /** Per channel (of {@code c}, interleaved) mean and population std, in double. */
  private static double[][] meanStd(List<float[]> samples, int c) {
    double[] sum = new double[c];
    long count = 0;
    for (float[] v : samples) {
      for (int i = 0; i < v.length; i++) {
        sum[i % c] += v[i];
      }
      count += v.length / c;
    }
    double[] sq = new double[c];
    for (float[] v : samples) {
      for (int i = 0; i < v.length; i++) {
        double d = v[i] - sum[i % c] / count;
        sq[i % c] += d * d;
      }
    }
    double[][] out = new double[c][];
    for (int k = 0; k < c; k++) {
      out[k] = new double[] {sum[k] / count, Math.sqrt(sq[k] / count)};
    }
    return out;
  }

  // ------------------------------------------------------------------ flows

  /**
   * Keras's {@code flow(x, y)}: batches of {@code x} (n, height, width, channels) transformed and
   * normalised, with the matching rows of {@code y} (or no labels when null). Arguments: {@code
   * batchSize} (32), {@code shuffle} (true), {@code seed}, {@code subset} ("training" takes the last
   * {@code 1 - validationSplit} of the rows, "validation" the first, as Keras).
   */
  public NumpyArrayIterator flow(FloatNdArray x, FloatNdArray y, Args.FlowArg... kwargs) {
    return NumpyArrayIterator.create(this, x, y, kwargs);
  }

  /** {@link #flow(FloatNdArray, FloatNdArray, Args.FlowArg...)} without labels. */
  public NumpyArrayIterator flow(FloatNdArray x, Args.FlowArg... kwargs) {
    return NumpyArrayIterator.create(this, x, null, kwargs);
  }

  /**
   * Keras's {@code flow_from_directory(directory)}: one sub-folder per class; prints "Found N images
   * belonging to K classes." Arguments (defaults as Keras): {@code targetSize} (256, 256), {@code
   * colorMode} ("rgb"), {@code classes} (the sub-folders, sorted), {@code classMode}
   * ("categorical"), {@code batchSize} (32), {@code shuffle} (true), {@code seed}, {@code subset},
   * {@code followLinks} (false), {@code interpolation} ("nearest"; Pillow's "bilinear", "bicubic",
   * "hamming", "box", "lanczos" too), {@code keepAspectRatio} (false). See {@link DirectoryIterator}.
   */
  public DirectoryIterator flowFromDirectory(Path directory, Args.FlowArg... kwargs) throws IOException {
    return DirectoryIterator.fromDirectory(this, directory, kwargs);
  }

  /**
   * Keras's {@code flow_from_dataframe} on a CSV file (a header line, then one row per image): file
   * names in column {@code xCol} ("filename"), relative to {@code directory}, labels in {@code yCol}
   * ("class"); other arguments as {@link #flowFromDirectory}, {@code classMode} "raw" taking the
   * {@code yCol} numbers as they are. Prints "Found N validated image filenames belonging to K classes."
   */
  public DirectoryIterator flowFromDataframe(Path csvFile, Args.FlowArg... kwargs) throws IOException {
    return DirectoryIterator.fromDataframe(this, csvFile, kwargs);
  }

  // ------------------------------------------------------------------ helpers

  private static double uniform(Random r, double lo, double hi) {
    return lo + (hi - lo) * r.nextDouble();
  }

  private static double nonNegative(double v, String arg) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("`" + arg + "` must be a non-negative number. Received: " + arg + "=" + v);
    }
    return v;
  }

  static void checkImage(FloatNdArray x, String arg) {
    if (x == null || x.rank() != 3) {
      throw new IllegalArgumentException("`" + arg + "` must be one image (height, width, channels). Received: " + arg + " of shape "
          + (x == null ? "null" : x.shape()));
    }
  }
}
