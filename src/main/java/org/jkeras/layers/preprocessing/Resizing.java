package org.jkeras.layers.preprocessing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.DTypes;
import org.jkeras.backend.Shapes;
import org.jkeras.layers.Layer;
import org.jkeras.preprocessing.image.ImageOps;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Keras's {@code Resizing(height, width, interpolation="bilinear", crop_to_aspect_ratio=False,
 * pad_to_aspect_ratio=False, fill_mode="constant", fill_value=0.0, antialias=False)}: resizes
 * images to (height, width) in training and at inference, as {@code tf.image.resize}. With
 * {@code cropToAspectRatio(true)} the largest centred window with the target's aspect ratio is
 * resized (no distortion); with {@code padToAspectRatio(true)} the image is padded with {@code
 * fillValue} to that ratio first.
 */
public class Resizing extends Layer {
  private final int height;
  private final int width;
  private String interpolation = "bilinear";
  private boolean cropToAspectRatio;
  private boolean padToAspectRatio;
  private double fillValue;
  private boolean antialias;

  public Resizing(int height, int width) {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException(
          "Received an invalid value for `height` and `width`, expected positive integers. Received: height=" + height
              + ", width=" + width);
    }
    this.height = height;
    this.width = width;
  }

  /** One of "bilinear" (default), "nearest", "lanczos3", "lanczos5", "bicubic", "area". */
  public Resizing interpolation(String interpolation) {
    this.interpolation = ImageOps.checkResizeInterpolation(interpolation);
    return this;
  }

  public Resizing cropToAspectRatio(boolean crop) {
    this.cropToAspectRatio = crop;
    checkAspect();
    return this;
  }

  public Resizing padToAspectRatio(boolean pad) {
    this.padToAspectRatio = pad;
    checkAspect();
    return this;
  }

  /** Keras's {@code fill_mode}: only "constant" exists. */
  public Resizing fillMode(String fillMode) {
    if (!"constant".equals(fillMode)) {
      throw new IllegalArgumentException(
          "Invalid value for argument `fill_mode`. Only `'constant'` is supported. Received: fill_mode=" + fillMode);
    }
    return this;
  }

  public Resizing fillValue(double fillValue) {
    this.fillValue = fillValue;
    return this;
  }

  public Resizing antialias(boolean antialias) {
    this.antialias = antialias;
    return this;
  }

  private void checkAspect() {
    if (cropToAspectRatio && padToAspectRatio) {
      throw new IllegalArgumentException("Only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio` can be `True`.");
    }
  }

  @Override
  public Resizing name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public Resizing inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  protected void validateInputShape(Shape s) {
    if (s.isUnknown() || (s.numDimensions() != 3 && s.numDimensions() != 4)) {
      throw new IllegalArgumentException(
          "Invalid images rank: expected rank 3 (single image) or rank 4 (batch of images). Received input with shape:"
              + " images.shape=" + Shapes.format(s));
    }
    int r = s.numDimensions();
    if ((cropToAspectRatio || padToAspectRatio) && (s.get(r - 3) < 0 || s.get(r - 2) < 0)) {
      throw new IllegalArgumentException(
          "Layer \"" + name() + "\" needs a known height and width to crop or pad to an aspect ratio. Received:"
              + " images.shape=" + Shapes.format(s));
    }
  }

  @Override
  protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    validateInputShape(x.shape());
    boolean single = x.shape().numDimensions() == 3;
    Operand<TFloat32> images = single ? tf.expandDims(x, tf.constant(0)) : x;
    if (cropToAspectRatio) {
      images = cropToAspect(tf, images);
    } else if (padToAspectRatio) {
      images = padToAspect(tf, images);
    }
    Operand<TFloat32> y = ImageOps.resize(tf, images, height, width, interpolation, antialias);
    y = DTypes.cast(tf, y, DTypes.dtypeOf(x)); // Keras's saturate_cast back to the compute dtype
    return single ? tf.squeeze(y, Squeeze.axis(List.of(0L))) : y;
  }

  /** Keras's TF backend: the centred window of (int(w * th / tw), int(h * tw / th)), clamped. */
  private Operand<TFloat32> cropToAspect(Ops tf, Operand<TFloat32> images) {
    return cropToAspect(tf, images, height, width);
  }

  /** The centred window of {@code images} with the aspect ratio of (height, width) (also {@link CenterCrop}'s). */
  static Operand<TFloat32> cropToAspect(Ops tf, Operand<TFloat32> images, int height, int width) {
    int h = (int) images.shape().get(1);
    int w = (int) images.shape().get(2);
    int ch = Math.max(Math.min(h, (int) ((float) (w * height) / width)), 1);
    int cw = Math.max(Math.min(w, (int) ((float) (h * width) / height)), 1);
    int hs = (int) ((float) (h - ch) / 2);
    int ws = (int) ((float) (w - cw) / 2);
    return tf.slice(images, tf.constant(new int[] {0, hs, ws, 0}), tf.constant(new int[] {-1, ch, cw, -1}));
  }

  /** Keras's TF backend: pads with {@code fillValue} to (max(h, int(w * th / tw)), max(w, int(h * tw / th))). */
  private Operand<TFloat32> padToAspect(Ops tf, Operand<TFloat32> images) {
    int h = (int) images.shape().get(1);
    int w = (int) images.shape().get(2);
    int ph = Math.max(h, (int) ((float) (w * height) / width));
    int pw = Math.max(w, (int) ((float) (h * width) / height));
    int hs = (int) ((float) (ph - h) / 2);
    int ws = (int) ((float) (pw - w) / 2);
    // Keras concatenates `hs` rows above and below (and `ws` columns left and right).
    Operand<TInt32> paddings = tf.constant(new int[][] {{0, 0}, {hs, hs}, {ws, ws}, {0, 0}});
    return tf.pad(images, paddings, DTypes.constantLike(tf, fillValue, images));
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    long[] s = inputShape.asArray().clone();
    s[s.length - 3] = height;
    s[s.length - 2] = width;
    return Shape.of(s);
  }

  /** Keras's {@code call(data, training=True)} of its image preprocessing layers. */
  @Override
  public Boolean callTrainingDefault() {
    return true;
  }

  /** Computes in bfloat16 and float16 as Keras's layer does (parity {@code keras_preprocessing_layers}, mixed_bfloat16). */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("data_format", "channels_last"); // Keras's order: before height
    c.put("height", height);
    c.put("width", width);
    c.put("interpolation", interpolation);
    c.put("crop_to_aspect_ratio", cropToAspectRatio);
    c.put("pad_to_aspect_ratio", padToAspectRatio);
    c.put("fill_mode", "constant");
    c.put("fill_value", fillValue);
    c.put("antialias", antialias);
    return c;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  /** Keras's {@code from_config}. */
  public static Resizing fromConfig(Map<String, Object> config) {
    Config c = Config.of("Resizing", config);
    c.requireDefault("data_format", "channels_last");
    Resizing layer = new Resizing(c.getInt("height"), c.getInt("width"))
        .interpolation(c.getString("interpolation", "bilinear"))
        .cropToAspectRatio(c.getBoolean("crop_to_aspect_ratio", false))
        .padToAspectRatio(c.getBoolean("pad_to_aspect_ratio", false))
        .fillMode(c.getString("fill_mode", "constant"))
        .fillValue(c.getDouble("fill_value", 0.0))
        .antialias(c.getBoolean("antialias", false));
    return withBaseConfig(layer, c);
  }
}
