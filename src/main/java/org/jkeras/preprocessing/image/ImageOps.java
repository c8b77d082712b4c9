package org.jkeras.preprocessing.image;

import java.util.List;
import java.util.Locale;
import org.jkeras.backend.Gradients;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.ImageProjectiveTransformV3;
import org.tensorflow.op.image.ResizeBicubic;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.op.image.ResizeNearestNeighbor;
import org.tensorflow.op.image.ScaleAndTranslate;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TNumber;

/**
 * Keras's {@code keras.ops.image} on its TensorFlow backend, for batches (batch, height, width,
 * channels): {@link #affineTransform} and {@link #resize}.
 */
public final class ImageOps {
  /** Keras's {@code AFFINE_TRANSFORM_INTERPOLATIONS}. */
  public static final List<String> AFFINE_INTERPOLATIONS = List.of("nearest", "bilinear");
  /** Keras's {@code AFFINE_TRANSFORM_FILL_MODES} (TF has no "mirror"). */
  public static final List<String> FILL_MODES = List.of("reflect", "wrap", "constant", "nearest");
  /** Keras's {@code RESIZE_INTERPOLATIONS}. */
  public static final List<String> RESIZE_INTERPOLATIONS =
      List.of("bilinear", "nearest", "lanczos3", "lanczos5", "bicubic", "area");

  private ImageOps() {}

  /**
   * {@code affine_transform} on TF's {@code ImageProjectiveTransformV3}: each output pixel (x, y)
   * samples the input at ((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k), k = c0 x + c1 y + 1,
   * with pixel centres at integer coordinates (as OpenCV's {@code warpAffine}). The gradient
   * reaches the images as TF's Python gives it ({@link Gradients#registerImageProjectiveTransformGradient}),
   * so the layer can follow a trained one; the transforms get none, as in Keras.
   *
   * @param transforms (batch, 8), or (1, 8) for the same transform on every image
   * @param outputHeight the output height (Keras's layers keep the input's)
   * @param fillMode "reflect", "wrap", "constant" (with {@code fillValue}) or "nearest"
   */
  public static <T extends TNumber> Operand<T> affineTransform(Ops tf, Operand<T> images, Operand<TFloat32> transforms,
      int outputHeight, int outputWidth, String interpolation, String fillMode, float fillValue) {
    Gradients.registerImageProjectiveTransformGradient();
    return tf.image.imageProjectiveTransformV3(images, tf.stopGradient(transforms),
        tf.constant(new int[] {outputHeight, outputWidth}), tf.constant(fillValue),
        checkAffineInterpolation(interpolation).toUpperCase(Locale.ROOT),
        ImageProjectiveTransformV3.fillMode(checkFillMode(fillMode).toUpperCase(Locale.ROOT)));
  }

  /**
   * {@code resize} as {@code tf.image.resize} (v2) computes it: half-pixel centres for bilinear,
   * bicubic and nearest; {@code ScaleAndTranslate} for the Lanczos kernels and for {@code
   * antialias}. Float32 out, except "nearest", which keeps the input's dtype.
   */
  @SuppressWarnings("unchecked")
  public static Operand<TFloat32> resize(Ops tf, Operand<TFloat32> images, int height, int width, String interpolation,
      boolean antialias) {
    checkResizeInterpolation(interpolation);
    Operand<TInt32> size = tf.constant(new int[] {height, width});
    switch (interpolation) {
      case "bilinear":
        return antialias ? scaleAndTranslate(tf, images, height, width, "triangle", true)
            : tf.image.resizeBilinear(images, size, ResizeBilinear.halfPixelCenters(true));
      case "nearest":
        return tf.image.resizeNearestNeighbor(images, size, ResizeNearestNeighbor.halfPixelCenters(true));
      case "bicubic":
        return antialias ? scaleAndTranslate(tf, images, height, width, "keyscubic", true)
            : tf.image.resizeBicubic(images, size, ResizeBicubic.halfPixelCenters(true));
      case "area":
        return tf.image.resizeArea(images, size);
      default:
        return scaleAndTranslate(tf, images, height, width, interpolation, antialias);
    }
  }

  private static Operand<TFloat32> scaleAndTranslate(Ops tf, Operand<TFloat32> images, int height, int width,
      String kernel, boolean antialias) {
    long h = images.shape().get(1);
    long w = images.shape().get(2);
    Operand<TFloat32> scale = tf.constant(new float[] {(float) height / (float) h, (float) width / (float) w});
    return tf.image.scaleAndTranslate(images, tf.constant(new int[] {height, width}), scale, tf.constant(new float[2]),
        ScaleAndTranslate.kernelType(kernel), ScaleAndTranslate.antialias(antialias));
  }

  public static String checkAffineInterpolation(String interpolation) {
    if (!AFFINE_INTERPOLATIONS.contains(interpolation)) {
      throw new IllegalArgumentException(
          "Invalid value for argument `interpolation`. Expected of one " + AFFINE_INTERPOLATIONS
              + ". Received: interpolation=" + interpolation);
    }
    return interpolation;
  }

  public static String checkResizeInterpolation(String interpolation) {
    if (!RESIZE_INTERPOLATIONS.contains(interpolation)) {
      throw new IllegalArgumentException(
          "Invalid value for argument `interpolation`. Expected of one " + RESIZE_INTERPOLATIONS
              + ". Received: interpolation=" + interpolation);
    }
    return interpolation;
  }

  public static String checkFillMode(String fillMode) {
    if (!FILL_MODES.contains(fillMode)) {
      throw new IllegalArgumentException(
          "Invalid value for argument `fill_mode`. Expected of one " + FILL_MODES + ". Received: fill_mode=" + fillMode);
    }
    return fillMode;
  }
}
