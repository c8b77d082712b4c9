package org.jkeras.applications;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.jkeras.backend.Shapes;
import org.jkeras.layers.KerasTensor;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code keras.applications.imagenet_utils}: the input preprocessing of the applications (caffe, tf, torch), the
 * input-shape checks of the applications, and where Keras's ImageNet weight files are looked for.
 */
public final class ImagenetUtils {
  /** The ImageNet mean pixel in BGR order, subtracted by 'caffe' preprocessing. */
  static final float[] CAFFE_MEAN_BGR = {103.939f, 116.779f, 123.68f};

  private ImagenetUtils() {}

  // ---------------------------------------------------------------- preprocessing

  /** Keras's 'torch' mode: after scaling to [0, 1], the ImageNet mean and deviation per RGB channel. */
  static final float[] TORCH_MEAN = {0.485f, 0.456f, 0.406f};
  static final float[] TORCH_STD = {0.229f, 0.224f, 0.225f};

  /**
   * Keras's {@code preprocess_input(x, mode="caffe")} on an array of images (channels last, RGB,
   * values in 0..255): RGB to BGR, then the ImageNet mean pixel subtracted per channel, no
   * scaling. Returns a new array; {@code x} is left as it is.
   */
  public static FloatNdArray preprocessInput(FloatNdArray x) {
    return preprocessInput(x, "caffe");
  }

  /**
   * Keras's {@code imagenet_utils.preprocess_input(x, mode=...)} on channels-last RGB images in
   * 0..255, with its float32 arithmetic: {@code "caffe"} (BGR, mean pixel subtracted: VGG, ResNet
   * v1), {@code "tf"} ({@code x / 127.5 - 1}: ResNet v2, MobileNetV2, Xception), {@code "torch"}
   * ({@code x / 255}, then the ImageNet mean and deviation per channel: DenseNet). Returns a new
   * array.
   */
  public static FloatNdArray preprocessInput(FloatNdArray x, String mode) {
    checkMode(mode);
    int rank = x.shape().numDimensions();
    if (!mode.equals("tf")) {
      checkChannels(rank == 0 ? 0 : x.shape().get(rank - 1), x.shape(), mode);
    }
    float[] v = new float[(int) x.size()];
    x.copyTo(DataBuffers.of(v, false, false));
    switch (mode) {
      case "tf" -> {
        for (int i = 0; i < v.length; i++) {
          v[i] = v[i] / 127.5f - 1f;
        }
      }
      case "torch" -> {
        for (int i = 0; i < v.length; i++) {
          int c = i % 3;
          v[i] = (v[i] / 255f - TORCH_MEAN[c]) / TORCH_STD[c];
        }
      }
      default -> {
        for (int i = 0; i < v.length; i += 3) {
          float r = v[i];
          v[i] = v[i + 2] - CAFFE_MEAN_BGR[0];
          v[i + 1] = v[i + 1] - CAFFE_MEAN_BGR[1];
          v[i + 2] = r - CAFFE_MEAN_BGR[2];
        }
      }
    }
    return NdArrays.wrap(x.shape(), DataBuffers.of(v, false, false));
  }

  /** The 'caffe' preprocessing as graph ops, on a tensor whose last axis holds the 3 RGB channels. */
  public static Operand<TFloat32> preprocessInput(Ops tf, Operand<TFloat32> x) {
    return preprocessInput(tf, x, "caffe");
  }

  /** {@link #preprocessInput(FloatNdArray, String)} as graph ops, Keras's tensor path. */
  public static Operand<TFloat32> preprocessInput(Ops tf, Operand<TFloat32> x, String mode) {
    checkMode(mode);
    return switch (mode) {
      case "tf" -> tf.math.sub(tf.math.div(x, tf.constant(127.5f)), tf.constant(1f));
      case "torch" -> tf.math.div(tf.math.sub(tf.math.div(x, tf.constant(255f)), tf.constant(TORCH_MEAN)),
          tf.constant(TORCH_STD));
      default -> {
        Operand<TFloat32> bgr = tf.reverse(x, tf.constant(new int[] {-1}));
        yield tf.math.add(bgr, tf.constant(new float[] {-CAFFE_MEAN_BGR[0], -CAFFE_MEAN_BGR[1], -CAFFE_MEAN_BGR[2]}));
      }
    };
  }

  /**
   * On a symbolic tensor of the functional API, as Keras 3 allows ({@code x = preprocess_input(inputs)}):
   * adds a {@link PreprocessInput} layer ('caffe'), so a model can take raw 0..255 pixels.
   */
  public static KerasTensor preprocessInput(KerasTensor x) {
    return new PreprocessInput().apply(x);
  }

  /** The same in another mode ("caffe", "tf", "torch"). */
  public static KerasTensor preprocessInput(KerasTensor x, String mode) {
    return new PreprocessInput(mode).apply(x);
  }

  static void checkMode(String mode) {
    if (!"caffe".equals(mode) && !"tf".equals(mode) && !"torch".equals(mode)) {
      throw new IllegalArgumentException("Expected mode to be one of `caffe`, `tf` or `torch`. Received: mode=" + mode);
    }
  }

  static void checkChannels(long channels, Shape shape, String mode) {
    if (channels != 3) {
      throw new IllegalArgumentException("preprocess_input (mode '" + mode + "') expects images with 3 channels (RGB) on the"
          + " last axis. Received: shape=" + Shapes.format(shape));
    }
  }

  // ---------------------------------------------------------------- input shape

  /**
   * Keras's {@code obtain_input_shape} for channels-last images: the shape the model is built for,
   * or Keras's error for one it cannot take. Keras builds a model for {@code (None, None, 3)} when
   * no shape is given without the top; a jkeras model has a fixed input size, so that is refused
   * with the size to give.
   *
   * @param model the application's name, for the messages
   * @param inputShape per-sample (height, width, channels); null for the default
   * @param requireFlatten true when the classifier top follows (include_top)
   */
  static int[] obtainInputShape(String model, int[] inputShape, int defaultSize, int minSize, boolean requireFlatten,
      boolean imagenet) {
    int[] defaultShape = {defaultSize, defaultSize, 3};
    if (!imagenet && inputShape != null && inputShape.length == 3) {
      if (inputShape[2] != 1 && inputShape[2] != 3) {
        System.err.println("WARNING: This model usually expects 1 or 3 input channels. However, it was passed an input_shape"
            + " with " + inputShape[2] + " input channels.");
      }
      defaultShape = new int[] {defaultSize, defaultSize, inputShape[2]};
    }
    if (imagenet && requireFlatten) {
      if (inputShape != null && !Arrays.equals(inputShape, defaultShape)) {
        throw new IllegalArgumentException("When setting `include_top=True` and loading `imagenet` weights, `input_shape` should be "
            + format(defaultShape) + ".  Received: input_shape=" + format(inputShape));
      }
      return defaultShape;
    }
    if (inputShape == null) {
      if (requireFlatten) {
        return defaultShape;
      }
      throw new IllegalArgumentException("Give " + model + " an `input_shape` (height, width, 3): Keras would build a model for"
          + " (None, None, 3), but a jkeras model has a fixed input size. Its default is " + format(defaultShape) + ".");
    }
    if (inputShape.length != 3) {
      throw new IllegalArgumentException("`input_shape` must be a tuple of three integers. Received: input_shape="
          + format(inputShape));
    }
    if (inputShape[2] != 3 && imagenet) {
      throw new IllegalArgumentException("The input must have 3 channels; Received `input_shape=" + format(inputShape) + "`");
    }
    if (inputShape[0] < minSize || inputShape[1] < minSize) {
      throw new IllegalArgumentException("Input size must be at least " + minSize + "x" + minSize + "; Received: input_shape="
          + format(inputShape));
    }
    if (inputShape[2] <= 0) {
      throw new IllegalArgumentException("The input must have at least one channel. Received: input_shape=" + format(inputShape));
    }
    return inputShape.clone();
  }

  /**
   * Keras's {@code correct_pad}: the ((top, bottom), (left, right)) zero padding before a strided
   * 'valid' convolution of {@code kernel}, one less on the top and left of an even size, so that
   * the output matches TF's 'same' padding.
   */
  static int[][] correctPad(Shape inputShape, int kernel) {
    long h = inputShape.get(1);
    long w = inputShape.get(2);
    int adjustH = h < 0 ? 1 : (int) (1 - h % 2);
    int adjustW = w < 0 ? 1 : (int) (1 - w % 2);
    int correct = kernel / 2;
    return new int[][] {{correct - adjustH, correct}, {correct - adjustW, correct}};
  }

  static String format(int[] shape) {
    return Shapes.format(Shapes.of(shape));
  }

  // ---------------------------------------------------------------- decode_predictions

  /**
   * Keras's {@code decode_predictions(preds, top)}: for each row of {@code preds} (samples, 1000),
   * the {@code top} ImageNet classes by score, highest first, from Keras's {@code
   * imagenet_class_index.json} in the Keras cache ({@code models/}, {@code $KERAS_HOME/models},
   * {@code ~/.keras/models}); nothing downloads.
   *
   * @throws UncheckedIOException naming the file, where it was looked for and how to get it, when
   *     it is absent or not Keras's
   */
  public static List<List<DecodedPrediction>> decodePredictions(FloatNdArray preds, int top) {
    return decodePredictions(preds, top, searchPath());
  }

  static List<List<DecodedPrediction>> decodePredictions(FloatNdArray preds, int top, List<Path> dirs) {
    try {
      return ImagenetClassIndex.decode(preds, top, dirs);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- Keras's weight files

  /** Where Keras's ImageNet files are looked for: {@code models/}, then Keras's own cache. */
  static List<Path> searchPath() {
    List<Path> dirs = new ArrayList<>();
    dirs.add(Path.of("models"));
    String kerasHome = System.getenv("KERAS_HOME");
    if (kerasHome != null && !kerasHome.isEmpty()) {
      dirs.add(Path.of(kerasHome, "models"));
    }
    dirs.add(Path.of(System.getProperty("user.home"), ".keras", "models"));
    return dirs;
  }

  /**
   * The path of Keras's weight file {@code fileName}, found in {@link #searchPath()} and checked
   * against its md5 as Keras's {@code get_file} does. Nothing is downloaded.
   *
   * @throws java.io.FileNotFoundException saying which file to put where, and how to get it
   * @throws IOException when a file of that name is not Keras's (another md5)
   */
  static Path kerasWeightFile(KerasFile file, String what) throws IOException {
    return kerasWeightFile(searchPath(), file.fileName(), file.url(), file.md5(), what);
  }

  static Path kerasWeightFile(List<Path> dirs, String fileName, String url, String md5, String what) throws IOException {
    List<Path> looked = new ArrayList<>();
    for (Path dir : dirs) {
      Path p = dir.resolve(fileName);
      looked.add(p.toAbsolutePath());
      if (Files.isRegularFile(p)) {
        String found = md5 == null ? null : md5(p);
        if (md5 != null && !found.equals(md5)) {
          throw new IOException(p.toAbsolutePath() + " is not Keras's " + fileName + ": its md5 is " + found + ", Keras's file has "
              + md5 + " (truncated download, or another file under that name). Download it again from " + url + ".");
        }
        return p;
      }
    }
    throw new FileNotFoundException(what + " needs Keras's ImageNet weight file " + fileName
        + (md5 == null ? "" : " (md5 " + md5 + ")") + ", and jkeras downloads nothing at run time. Looked for it at: " + looked + ". On a machine with internet, get it"
        + " with `curl -LO " + url + "` (or any Python `keras.applications` call with `weights='imagenet'`, which caches it"
        + " in ~/.keras/models/), then copy it to "
        + looked.get(0) + ". Without it, pass null for random initialisation (Keras's weights=None; `--weights none` on the command line), or the path of a"
        + " weight file or SavedModel (see models/README.md).");
  }

  static String md5(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest d = MessageDigest.getInstance("MD5");
      byte[] buf = new byte[1 << 20];
      for (int n; (n = in.read(buf)) > 0; ) {
        d.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
