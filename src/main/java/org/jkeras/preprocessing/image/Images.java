package org.jkeras.preprocessing.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.imaging.ImageFormats;
import org.apache.commons.imaging.Imaging;
import org.jkeras.backend.Shapes;
import org.jkeras.data.ImageDecoder;
import org.jkeras.utils.Files2;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Image files on the host, as Keras's {@code keras.utils.load_img} / {@code img_to_array} /
 * {@code array_to_img} / {@code save_img}: arrays are (height, width, channels) float32 values in
 * 0..255. Decoding uses TF's {@code decode_image} (JPEG, PNG, BMP, GIF) with {@link ImageDecoder}'s
 * limits (an image declaring more than {@link ImageDecoder#MAX_PIXELS} pixels is refused before
 * it is decoded); writing uses commons-imaging (PNG).
 *
 * <p>{@link #loadImg(Path, int[], String, String, boolean)} is Keras's {@code load_img} then
 * {@code img_to_array}: Pillow's grey conversion ({@code L = (19595 R + 38470 G + 7471 B + 2^15)
 * >> 16}) and Pillow's {@code resize} ({@link PilResize}: nearest by default, as Keras), so the
 * values are Keras's integers. Measured against Keras with Pillow on the pets photos of the shared
 * data (parity case {@code keras3_utils}): see docs/keras-api.md.
 */
public final class Images {
  private Images() {}

  /** {@code img_to_array(load_img(path))}: the image at its own size, RGB. */
  public static FloatNdArray loadImg(Path path) throws IOException {
    return loadImg(path, "rgb");
  }

  /**
   * @param colorMode "rgb", "rgba" or "grayscale", as Keras's {@code color_mode}
   * @throws IOException naming the file and the reason: unreadable, not an image, or declaring more
   *     than {@link ImageDecoder#MAX_PIXELS} pixels in its header (refused before decoding; Pillow,
   *     under Keras's {@code load_img}, warns there of a decompression bomb)
   */
  public static FloatNdArray loadImg(Path path, String colorMode) throws IOException {
    return loadImg(path, null, colorMode, "nearest", false);
  }

  /**
   * {@code img_to_array(load_img(path, color_mode, target_size, interpolation))}.
   *
   * @param targetSize {@code {height, width}}, or null for the image's own size
   * @param interpolation Keras's: "nearest" (its default), "bilinear", "bicubic", "hamming", "box",
   *     "lanczos" (Pillow's filters)
   */
  public static FloatNdArray loadImg(Path path, int[] targetSize, String colorMode, String interpolation)
      throws IOException {
    return loadImg(path, targetSize, colorMode, interpolation, false);
  }

  /**
   * {@code img_to_array(load_img(path, color_mode, target_size, interpolation, keep_aspect_ratio))}:
   * with {@code keepAspectRatio}, the largest centred crop of the target's aspect ratio is resized
   * (Keras's crop box, in whole pixels), so nothing is stretched.
   */
  public static FloatNdArray loadImg(Path path, int[] targetSize, String colorMode, String interpolation,
      boolean keepAspectRatio) throws IOException {
    try (PilLoader loader = new PilLoader(colorMode, targetSize, interpolation, keepAspectRatio)) {
      return loader.load(path);
    }
  }

  /**
   * Keras's {@code save_img(path, x)}: {@link #arrayToImg(FloatNdArray)} (which rescales the values
   * to 0..255, as Keras's default {@code scale=True}) written as a PNG file, atomically: the file
   * appears complete or not at all.
   */
  public static void saveImg(Path path, FloatNdArray image) throws IOException {
    saveImg(path, image, true);
  }

  /** Keras's {@code save_img(path, x, scale=scale)}; only PNG files are written. */
  public static void saveImg(Path path, FloatNdArray image, boolean scale) throws IOException {
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!name.endsWith(".png")) {
      throw new IllegalArgumentException("Images are written as PNG: expected a path ending in .png. Received: path=" + path);
    }
    Files2.writeAtomically(path, png(arrayToImg(image, scale)));
  }

  /**
   * The PNG encoding of an image of 1 (grey), 3 (RGB) or 4 (RGBA) channels, its values rounded to
   * the nearest integer and clipped to 0..255 (the exact pixels of a processed image, as the CLI's
   * {@code augment} writes them).
   */
  public static byte[] encodePng(FloatNdArray image) throws IOException {
    return png(toImage(image, false, true));
  }

  private static byte[] png(BufferedImage image) throws IOException {
    try {
      return Imaging.writeImageToBytes(image, ImageFormats.PNG);
    } catch (org.apache.commons.imaging.ImagingException e) {
      throw new IOException("Cannot encode the image as PNG: " + e.getMessage(), e);
    }
  }

  /**
   * Keras's {@code array_to_img(x)} ({@code scale=True}): the values shifted and scaled to span
   * 0..255 (a constant image becomes 0), then truncated to integers, as a Java image (to show in a
   * notebook with {@code display(...)}, or draw on).
   */
  public static BufferedImage arrayToImg(FloatNdArray image) {
    return arrayToImg(image, true);
  }

  /**
   * Keras's {@code array_to_img(x, scale=scale)}: without {@code scale}, the values are truncated to
   * integers as numpy's {@code astype("uint8")}, and clipped to 0..255 (numpy would wrap them).
   */
  public static BufferedImage arrayToImg(FloatNdArray image, boolean scale) {
    return toImage(image, scale, false);
  }

  private static BufferedImage toImage(FloatNdArray image, boolean scale, boolean round) {
    Shape s = image.shape();
    if (s.numDimensions() != 3 || (s.get(2) != 1 && s.get(2) != 3 && s.get(2) != 4) || s.get(0) <= 0 || s.get(1) <= 0) {
      throw new IllegalArgumentException(
          "Expected an image (height, width, channels) with 1, 3 or 4 channels. Received: image.shape=" + Shapes.format(s));
    }
    int h = (int) s.get(0);
    int w = (int) s.get(1);
    int c = (int) s.get(2);
    float min = 0;
    float range = 1;
    if (scale) {
      // numpy in float32: x - min, / max (if not 0), * 255
      float lo = Float.POSITIVE_INFINITY;
      float hi = Float.NEGATIVE_INFINITY;
      float[] all = new float[(int) image.size()];
      image.copyTo(DataBuffers.of(all, false, false));
      for (float v : all) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      min = lo;
      range = hi - lo;
    }
    float fMin = min;
    float fRange = range;
    DoubleUnaryOperator value = v -> {
      float f = (float) v;
      if (scale) {
        f = f - fMin;
        if (fRange != 0) {
          f = f / fRange;
        }
        f = f * 255f;
      }
      return f;
    };
    // Grey images as RGB with r = g = b: TYPE_BYTE_GRAY is linear grey, which getRGB (used by the
    // PNG writer) would convert with the sRGB curve.
    BufferedImage out = new BufferedImage(w, h, c == 4 ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int r = byteOf(value.applyAsDouble(image.getFloat(y, x, 0)), round);
        int g = c >= 3 ? byteOf(value.applyAsDouble(image.getFloat(y, x, 1)), round) : r;
        int b = c >= 3 ? byteOf(value.applyAsDouble(image.getFloat(y, x, 2)), round) : r;
        int a = c == 4 ? byteOf(value.applyAsDouble(image.getFloat(y, x, 3)), round) : 255;
        out.setRGB(x, y, (a << 24) | (r << 16) | (g << 8) | b);
      }
    }
    return out;
  }

  /** Keras's {@code img_to_array}: a Java image as a (height, width, 3) float32 RGB array in 0..255. */
  public static FloatNdArray imgToArray(BufferedImage image) {
    int h = image.getHeight();
    int w = image.getWidth();
    FloatNdArray out = NdArrays.ofFloats(Shape.of(h, w, 3));
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = image.getRGB(x, y);
        out.setFloat((rgb >> 16) & 0xff, y, x, 0);
        out.setFloat((rgb >> 8) & 0xff, y, x, 1);
        out.setFloat(rgb & 0xff, y, x, 2);
      }
    }
    return out;
  }

  /** 0..255: rounded to the nearest, or truncated toward zero as numpy's {@code astype("uint8")}. */
  private static int byteOf(double v, boolean round) {
    double r = round ? Math.floor(v + 0.5) : (v < 0 ? Math.ceil(v) : Math.floor(v));
    return (int) Math.max(0, Math.min(255, r));
  }

  /**
   * A contact sheet: the images in a grid of {@code columns}, each centred in a cell as large as
   * the largest image, {@code gap} pixels apart, on a white background; channels as the first image.
   */
  public static FloatNdArray contactSheet(List<FloatNdArray> images, int columns, int gap) {
    if (images.isEmpty() || columns <= 0 || gap < 0) {
      throw new IllegalArgumentException(
          "A contact sheet needs images, columns > 0 and gap >= 0. Received: " + images.size() + " images, columns="
              + columns + ", gap=" + gap);
    }
    long c = images.get(0).shape().get(2);
    long cellH = 0;
    long cellW = 0;
    for (FloatNdArray img : images) {
      if (img.shape().numDimensions() != 3 || img.shape().get(2) != c) {
        throw new IllegalArgumentException("Contact sheet images must all have " + c + " channels. Received: image.shape="
            + Shapes.format(img.shape()));
      }
      cellH = Math.max(cellH, img.shape().get(0));
      cellW = Math.max(cellW, img.shape().get(1));
    }
    int cols = Math.min(columns, images.size());
    int rows = (images.size() + cols - 1) / cols;
    long sheetH = rows * cellH + (rows + 1L) * gap;
    long sheetW = cols * cellW + (cols + 1L) * gap;
    FloatNdArray sheet = NdArrays.ofFloats(Shape.of(sheetH, sheetW, c));
    sheet.scalars().forEach(v -> v.setFloat(255f));
    for (int i = 0; i < images.size(); i++) {
      FloatNdArray img = images.get(i);
      long top = gap + (i / cols) * (cellH + gap) + (cellH - img.shape().get(0)) / 2;
      long left = gap + (i % cols) * (cellW + gap) + (cellW - img.shape().get(1)) / 2;
      for (long y = 0; y < img.shape().get(0); y++) {
        for (long x = 0; x < img.shape().get(1); x++) {
          img.get(y, x).copyTo(sheet.get(top + y, left + x));
        }
      }
    }
    return sheet;
  }
}
