package org.jkeras.layers.preprocessing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.Shapes;
import org.jkeras.preprocessing.image.ImageOps;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The arguments Keras's geometric layers ({@link RandomRotation}, {@link RandomZoom}, {@link
 * RandomTranslation}) share: {@code fill_mode="reflect"}, {@code interpolation="bilinear"},
 * {@code fill_value=0.0}; each maps its draws to an affine transform applied with {@link
 * ImageOps#affineTransform}, keeping the image size.
 */
public abstract class BaseAffineImageLayer extends BaseImagePreprocessingLayer {
  private String fillMode = "reflect";
  private String interpolation = "bilinear";
  private double fillValue = 0.0;

  /** "reflect" (default), "wrap", "constant" or "nearest": how points outside the input are filled. */
  public BaseAffineImageLayer fillMode(String fillMode) {
    if (!ImageOps.FILL_MODES.contains(fillMode)) {
      throw new IllegalArgumentException(
          "Unknown `fill_mode` " + fillMode + ". Expected of one " + ImageOps.FILL_MODES + ".");
    }
    this.fillMode = fillMode;
    return this;
  }

  /** "bilinear" (default) or "nearest". */
  public BaseAffineImageLayer interpolation(String interpolation) {
    if (!ImageOps.AFFINE_INTERPOLATIONS.contains(interpolation)) {
      throw new IllegalArgumentException(
          "Unknown `interpolation` " + interpolation + ". Expected of one " + ImageOps.AFFINE_INTERPOLATIONS + ".");
    }
    this.interpolation = interpolation;
    return this;
  }

  /** The value outside the input with {@code fillMode("constant")} (default 0). */
  public BaseAffineImageLayer fillValue(double fillValue) {
    this.fillValue = fillValue;
    return this;
  }

  public String fillMode() {
    return fillMode;
  }

  public String interpolation() {
    return interpolation;
  }

  public double fillValue() {
    return fillValue;
  }

  /** The (batch, 8) projective transforms (output to input) for a transformation of {@link #getRandomTransformation}. */
  protected abstract Operand<TFloat32> transforms(Ops tf, Operand<TFloat32> images, Operand<TFloat32> transformation);

  @Override
  public Operand<TFloat32> transformImages(Ops tf, Operand<TFloat32> images, Operand<TFloat32> transformation) {
    int h = (int) images.shape().get(1);
    int w = (int) images.shape().get(2);
    if (h < 0 || w < 0) {
      throw new IllegalArgumentException(
          "Layer \"" + name() + "\" needs images with a known height and width. Received: images.shape="
              + Shapes.format(images.shape()));
    }
    return ImageOps.affineTransform(tf, images, transforms(tf, images, transformation), h, w, interpolation, fillMode,
        (float) fillValue);
  }

  /**
   * Computes in bfloat16 and float16 as Keras's layers do: the images in their dtype go into TF's
   * {@code ImageProjectiveTransformV3} (Keras's {@code affine_transform}), the transforms in float32
   * (parity {@code keras_preprocessing_layers}, mixed_bfloat16).
   */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  /** Column {@code k} of a (batch, n) tensor, as (batch, 1). */
  protected static Operand<TFloat32> column(Ops tf, Operand<TFloat32> t, int k) {
    return tf.slice(t, tf.constant(new int[] {0, k}), tf.constant(new int[] {-1, 1}));
  }

  /** Concatenates (batch, 1) columns into (batch, 8) transforms. */
  protected static Operand<TFloat32> rows(Ops tf, List<Operand<TFloat32>> columns) {
    return tf.concat(columns, tf.constant(1));
  }

  /** For a subclass's {@code fromConfig}: the fill and interpolation arguments, then {@link #withImageConfig}'s. */
  protected static <L extends BaseAffineImageLayer> L withAffineConfig(L layer, Config config) {
    layer.fillMode(config.getString("fill_mode", "reflect"));
    layer.interpolation(config.getString("interpolation", "bilinear"));
    layer.fillValue(config.getDouble("fill_value", 0.0));
    return withImageConfig(layer, config);
  }

  /** A factor as Keras's config keeps it: the number given, or the pair. */
  static Object factorConfig(double[] factor) {
    return factor.length == 1 ? (Object) factor[0] : pair(factor);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("fill_mode", fillMode);
    c.put("fill_value", fillValue);
    c.put("interpolation", interpolation);
    c.put("seed", seed());
    return c;
  }

  /**
   * {@code config} with {@code keys} first, in that order, then its other keys: each class lists its
   * config in the order Keras's {@code get_config} does, so that a {@code config.json} read is
   * written back unchanged.
   */
  protected static Map<String, Object> inKerasOrder(Map<String, Object> config, String... keys) {
    Map<String, Object> c = new LinkedHashMap<>();
    for (String k : keys) {
      if (config.containsKey(k)) {
        c.put(k, config.get(k));
      }
    }
    config.forEach(c::putIfAbsent);
    return c;
  }
}
