package org.jkeras.applications;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
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
 * Keras's {@code keras.applications.imagenet_utils}: the 'caffe' input preprocessing of VGG16, the
 * input-shape checks of the applications, and where Keras's ImageNet weight files are looked for.
 */
public final class ImagenetUtils {
  /** The ImageNet mean pixel in BGR order, subtracted by 'caffe' preprocessing. */
  static final float[] CAFFE_MEAN_BGR = {103.939f, 116.779f, 123.68f};

  private ImagenetUtils() {}

  // ---------------------------------------------------------------- preprocessing

  /**
   * Keras's {@code preprocess_input(x, mode="caffe")} on an array of images (channels last, RGB,
   * values in 0..255): RGB to BGR, then the ImageNet mean pixel subtracted per channel, no
   * scaling. Returns a new array; {@code x} is left as it is.
   */
  public static FloatNdArray preprocessInput(FloatNdArray x) {
    checkChannels(x.shape().numDimensions() == 0 ? 0 : x.shape().get(x.shape().numDimensions() - 1), x.shape());
    float[] v = new float[(int) x.size()];
    x.copyTo(DataBuffers.of(v, false, false));
    for (int i = 0; i < v.length; i += 3) {
      float r = v[i];
      v[i] = v[i + 2] - CAFFE_MEAN_BGR[0];
      v[i + 1] = v[i + 1] - CAFFE_MEAN_BGR[1];
      v[i + 2] = r - CAFFE_MEAN_BGR[2];
    }
    return NdArrays.wrap(x.shape(), DataBuffers.of(v, false, false));
  }

  /** The same preprocessing as graph ops, on a tensor whose last axis holds the 3 RGB channels. */
  public static Operand<TFloat32> preprocessInput(Ops tf, Operand<TFloat32> x) {
    Operand<TFloat32> bgr = tf.reverse(x, tf.constant(new int[] {-1}));
    return tf.math.add(bgr, tf.constant(new float[] {-CAFFE_MEAN_BGR[0], -CAFFE_MEAN_BGR[1], -CAFFE_MEAN_BGR[2]}));
  }

  /**
   * On a symbolic tensor of the functional API, as Keras 3 allows ({@code x = preprocess_input(inputs)}):
   * adds a {@link PreprocessInput} layer, so a model can take raw 0..255 pixels.
   */
  public static KerasTensor preprocessInput(KerasTensor x) {
    return new PreprocessInput().apply(x);
  }

  static void checkChannels(long channels, Shape shape) {
    if (channels != 3) {
      throw new IllegalArgumentException(
          "preprocess_input (mode 'caffe') expects images with 3 channels (RGB) on the last axis. Received: shape="
              + Shapes.format(shape));
    }
  }

  // ---------------------------------------------------------------- input shape

  /**
   * Keras's {@code obtain_input_shape} for channels-last images: the shape the model is built for,
   * or a clear error for one it cannot take.
   *
   * @param inputShape per-sample (height, width, channels); null for the default
   * @param requireFlatten true when a Flatten + Dense top follows (include_top)
   */
  static int[] obtainInputShape(int[] inputShape, int defaultSize, int minSize, boolean requireFlatten, boolean imagenet) {
    int[] defaultShape = {defaultSize, defaultSize, 3};
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
      throw new IllegalArgumentException("Give VGG16 an `input_shape` (height, width, 3): Keras would build a model for"
          + " (None, None, 3), but a jkeras model has a fixed input size. The seed uses (224, 224, 3).");
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

  static String format(int[] shape) {
    return Shapes.format(Shapes.of(shape));
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
  static Path kerasWeightFile(String fileName, String url, String md5, String what) throws IOException {
    return kerasWeightFile(searchPath(), fileName, url, md5, what);
  }

  static Path kerasWeightFile(List<Path> dirs, String fileName, String url, String md5, String what) throws IOException {
    List<Path> looked = new ArrayList<>();
    for (Path dir : dirs) {
      Path p = dir.resolve(fileName);
      looked.add(p.toAbsolutePath());
      if (Files.isRegularFile(p)) {
        String found = md5(p);
        if (!found.equals(md5)) {
          throw new IOException(p.toAbsolutePath() + " is not Keras's " + fileName + ": its md5 is " + found + ", Keras's file has "
              + md5 + " (truncated download, or another file under that name). Download it again from " + url + ".");
        }
        return p;
      }
    }
    throw new FileNotFoundException(what + " needs Keras's ImageNet weight file " + fileName + " (md5 " + md5
        + "), and jkeras downloads nothing at run time. Looked for it at: " + looked + ". On a machine with internet, get it"
        + " with `curl -LO " + url + "` (or `python models/make_vgg16.py --weights imagenet`, or any Python"
        + " `keras.applications.VGG16(weights='imagenet', ...)`, which caches it in ~/.keras/models/), then copy it to "
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
