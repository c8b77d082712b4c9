package org.jkeras.layers.preprocessing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.Shapes;
import org.jkeras.preprocessing.image.ImageOps;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Keras's {@code RandomCrop(height, width, seed=None)}: in training, when the input is larger than
 * (height, width) in both dimensions, one random window of that size for the whole batch (as
 * Keras: "the layer will crop all the images in the same batch to the same cropping location"),
 * its corner uniform over every position, last one included.
 *
 * <p>Otherwise, and at inference, the window is centred: Keras's documented behaviour ("the input
 * will be resized and cropped so as to return the largest possible window in the image that
 * matches the target aspect ratio"), computed as Keras's {@code get_random_transformation}
 * computes it, then resized (bilinear) to (height, width) if the slice is not already that size.
 * Keras 3.15.1 itself skips the crop at inference, so a model's output shape would change between
 * {@code fit} and {@code predict} (keras-team/keras#21868, fixed by applying this centre crop).
 *
 * <p>Transformation: (1, 2), {@code [h_start, w_start]} for the batch.
 */
public class RandomCrop extends BaseImagePreprocessingLayer {
  private final int height;
  private final int width;

  public RandomCrop(int height, int width) {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException(
          "Received an invalid value for `height` and `width`, expected positive integers. Received: height=" + height
              + ", width=" + width);
    }
    this.height = height;
    this.width = width;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  @Override
  public RandomCrop seed(Long seed) {
    super.seed(seed);
    return this;
  }

  @Override
  public RandomCrop name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public RandomCrop inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  protected void validateInputShape(Shape inputShape) {
    super.validateInputShape(inputShape);
    int r = inputShape.numDimensions();
    if (inputShape.get(r - 3) < 0 || inputShape.get(r - 2) < 0) {
      throw new IllegalArgumentException(
          "RandomCrop requires the input to have a fully defined height and width. Received: images.shape="
              + Shapes.format(inputShape));
    }
  }

  private boolean randomWindow(Operand<TFloat32> images) {
    return images.shape().get(1) > height && images.shape().get(2) > width;
  }

  @Override
  public Operand<TFloat32> getRandomTransformation(CallContext ctx, Operand<TFloat32> images) {
    Ops tf = ctx.tf();
    int ih = (int) images.shape().get(1);
    int iw = (int) images.shape().get(2);
    if (!randomWindow(images)) {
      int[] c = centre(ih, iw);
      return tf.constant(new float[][] {{c[0], c[1]}});
    }
    Operand<TInt32> scalar = tf.constant(new int[0]);
    Operand<TInt32> h0 = tf.random.statelessRandomUniformInt(scalar, nextSeed(ctx, 0), tf.constant(0),
        tf.constant(ih - height + 1));
    Operand<TInt32> w0 = tf.random.statelessRandomUniformInt(scalar, nextSeed(ctx, 1), tf.constant(0),
        tf.constant(iw - width + 1));
    return tf.reshape(tf.dtypes.cast(tf.stack(List.of(h0, w0)), TFloat32.class), tf.constant(new int[] {1, 2}));
  }

  /** Keras's centred window corner for an input of (ih, iw): the largest window with the target's aspect ratio. */
  private int[] centre(int ih, int iw) {
    int cropHeight = Math.max(Math.min(ih, (int) ((double) iw * height / width)), 1);
    int cropWidth = Math.max(Math.min(iw, (int) ((double) ih * width / height)), 1);
    return new int[] {(int) ((ih - cropHeight) / 2.0), (int) ((iw - cropWidth) / 2.0)};
  }

  @Override
  public Operand<TFloat32> transformImages(Ops tf, Operand<TFloat32> images, Operand<TFloat32> transformation) {
    int ih = (int) images.shape().get(1);
    int iw = (int) images.shape().get(2);
    Operand<TInt32> corner = tf.dtypes.cast(tf.reshape(transformation, tf.constant(new int[] {2})), TInt32.class);
    Operand<TInt32> begin = tf.concat(List.of(tf.constant(new int[] {0}), corner, tf.constant(new int[] {0})),
        tf.constant(0));
    if (randomWindow(images)) {
      return tf.slice(images, begin, tf.constant(new int[] {-1, height, width, -1}));
    }
    // Keras slices [start : start + height] (NumPy clips it at the edge), then resizes if needed.
    int[] c = centre(ih, iw);
    int sh = Math.min(height, ih - c[0]);
    int sw = Math.min(width, iw - c[1]);
    Operand<TFloat32> sliced = tf.slice(images, begin, tf.constant(new int[] {-1, sh, sw, -1}));
    if (sh == height && sw == width) {
      return sliced;
    }
    return ImageOps.resize(tf, sliced, height, width, "bilinear", false);
  }

  @Override
  protected Operand<TFloat32> inference(Ops tf, Operand<TFloat32> images) {
    int[] c = centre((int) images.shape().get(1), (int) images.shape().get(2));
    return transformImages(tf, images, tf.constant(new float[][] {{c[0], c[1]}}));
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    long[] s = inputShape.asArray().clone();
    s[s.length - 3] = height;
    s[s.length - 2] = width;
    return Shape.of(s);
  }

  /** Computes in bfloat16 and float16 as Keras's layer does (parity {@code keras_preprocessing_layers}, mixed_bfloat16). */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("height", height);
    c.put("width", width);
    c.put("seed", seed());
    return c;
  }

  /** Keras's {@code from_config}. */
  public static RandomCrop fromConfig(Map<String, Object> config) {
    Config c = Config.of("RandomCrop", config);
    return withImageConfig(new RandomCrop(c.getInt("height"), c.getInt("width")), c);
  }

  /** False, as Keras's {@code supports_jit} for this layer. */
  @Override
  public boolean supportsJit() {
    return false;
  }
}
