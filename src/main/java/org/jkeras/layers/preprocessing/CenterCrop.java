package org.jkeras.layers.preprocessing;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.preprocessing.image.ImageOps;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code CenterCrop(height, width, data_format=None)}: the central (height, width) window
 * of each image, starting at {@code (H - height) // 2, (W - width) // 2}; an image smaller than
 * that in either dimension is instead cropped to the target's aspect ratio and resized (bilinear)
 * to it, as Keras's {@code smart_resize}. Deterministic, in training and at inference alike.
 *
 * <p>{@code data_format} "channels_first" works too (the images are transposed around the crop).
 * Transformation: none, (batch, 0).
 */
public class CenterCrop extends BaseImagePreprocessingLayer {
  private final int height;
  private final int width;
  private String dataFormat = "channels_last";

  public CenterCrop(int height, int width) {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("Received an invalid value for `height` and `width`, expected positive"
          + " integers. Received: height=" + height + ", width=" + width);
    }
    this.height = height;
    this.width = width;
  }

  /** "channels_last" (default) or "channels_first". */
  public CenterCrop dataFormat(String dataFormat) {
    if (!"channels_last".equals(dataFormat) && !"channels_first".equals(dataFormat)) {
      throw new IllegalArgumentException("The `data_format` argument must be one of {\"channels_first\","
          + " \"channels_last\"}. Received: data_format=" + dataFormat);
    }
    this.dataFormat = dataFormat;
    return this;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  public String dataFormat() {
    return dataFormat;
  }

  @Override
  public CenterCrop name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public CenterCrop inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  private boolean first() {
    return "channels_first".equals(dataFormat);
  }

  @Override
  public Operand<TFloat32> getRandomTransformation(CallContext ctx, Operand<TFloat32> images) {
    return ImageMath.none(ctx.tf(), images);
  }

  @Override
  public Operand<TFloat32> transformImages(Ops tf, Operand<TFloat32> images, Operand<TFloat32> transformation) {
    Operand<TFloat32> x = first() ? tf.linalg.transpose(images, tf.constant(new int[] {0, 2, 3, 1})) : images;
    int[] hw = ImageMath.size(x, name());
    Operand<TFloat32> y;
    if (hw[0] >= height && hw[1] >= width) {
      int h0 = (hw[0] - height) / 2;
      int w0 = (hw[1] - width) / 2;
      y = tf.slice(x, tf.constant(new int[] {0, h0, w0, 0}), tf.constant(new int[] {-1, height, width, -1}));
    } else {
      y = ImageOps.resize(tf, Resizing.cropToAspect(tf, x, height, width), height, width, "bilinear", false);
    }
    return first() ? tf.linalg.transpose(y, tf.constant(new int[] {0, 3, 1, 2})) : y;
  }

  /** Keras crops at inference too. */
  @Override
  protected Operand<TFloat32> inference(Ops tf, Operand<TFloat32> images) {
    return transformImages(tf, images, null);
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    long[] s = inputShape.asArray().clone();
    int hAxis = first() ? s.length - 2 : s.length - 3;
    s[hAxis] = height;
    s[hAxis + 1] = width;
    return Shape.of(s);
  }

  /**
   * Keras's {@code smart_resize} returns the resize's float32 under a mixed policy (the crop keeps
   * the compute dtype): so does this layer.
   */
  @Override
  protected boolean castsOutputToComputeDtype() {
    return false;
  }

  /** Computes in bfloat16 and float16 as Keras's layer does (parity {@code keras_preprocessing_layers}, mixed_bfloat16). */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("data_format", dataFormat);
    c.put("height", height);
    c.put("width", width);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static CenterCrop fromConfig(Map<String, Object> config) {
    Config c = Config.of("CenterCrop", config);
    CenterCrop layer = new CenterCrop(c.getInt("height"), c.getInt("width"));
    layer.dataFormat(c.getString("data_format", "channels_last"));
    return withBaseConfig(layer, c);
  }
}
