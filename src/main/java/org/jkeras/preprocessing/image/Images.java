package org.jkeras.preprocessing.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.commons.imaging.ImageFormats;
import org.apache.commons.imaging.Imaging;
import org.jkeras.backend.Shapes;
import org.jkeras.data.ImageDecoder;
import org.jkeras.utils.Files2;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * Image files on the host, as Keras's {@code keras.utils.load_img} / {@code img_to_array} /
 * {@code save_img}: arrays are (height, width, channels) float32 values in 0..255. Decoding uses
 * TF's {@code decode_image} (JPEG, PNG, BMP, GIF); writing uses commons-imaging (PNG).
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
    int channels;
    switch (colorMode == null ? "" : colorMode) {
      case "rgb": channels = 3; break;
      case "rgba": channels = 4; break;
      case "grayscale": channels = 1; break;
      default:
        throw new IllegalArgumentException(
            "`color_mode` must be one of {\"rgb\", \"rgba\", \"grayscale\"}. Received: color_mode=" + colorMode);
    }
    try (ImageDecoder decoder = new ImageDecoder(0, 0, channels, "bilinear")) {
      return decoder.decode(path);
    }
  }

  /**
   * {@code save_img(path, x)}: writes {@code image} as a PNG file (values rounded and clipped to
   * 0..255), atomically: the file appears complete or not at all.
   */
  public static void saveImg(Path path, FloatNdArray image) throws IOException {
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!name.endsWith(".png")) {
      throw new IllegalArgumentException("Images are written as PNG: expected a path ending in .png. Received: path=" + path);
    }
    Files2.writeAtomically(path, encodePng(image));
  }

  /** The PNG encoding of an image of 1 (grey), 3 (RGB) or 4 (RGBA) channels. */
  public static byte[] encodePng(FloatNdArray image) throws IOException {
    try {
      return Imaging.writeImageToBytes(arrayToImg(image), ImageFormats.PNG);
    } catch (org.apache.commons.imaging.ImagingException e) {
      throw new IOException("Cannot encode the image as PNG: " + e.getMessage(), e);
    }
  }

  /**
   * Keras's {@code array_to_img}: an (height, width, channels) array in 0..255 as a Java image (to
   * show in a notebook with {@code display(...)}, or draw on).
   */
  public static BufferedImage arrayToImg(FloatNdArray image) {
    Shape s = image.shape();
    if (s.numDimensions() != 3 || (s.get(2) != 1 && s.get(2) != 3 && s.get(2) != 4) || s.get(0) <= 0 || s.get(1) <= 0) {
      throw new IllegalArgumentException(
          "Expected an image (height, width, channels) with 1, 3 or 4 channels. Received: image.shape=" + Shapes.format(s));
    }
    int h = (int) s.get(0);
    int w = (int) s.get(1);
    int c = (int) s.get(2);
    // Grey images as RGB with r = g = b: TYPE_BYTE_GRAY is linear grey, which getRGB (used by the
    // PNG writer) would convert with the sRGB curve.
    BufferedImage out = new BufferedImage(w, h, c == 4 ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int r = byteOf(image.getFloat(y, x, 0));
        int g = c >= 3 ? byteOf(image.getFloat(y, x, 1)) : r;
        int b = c >= 3 ? byteOf(image.getFloat(y, x, 2)) : r;
        int a = c == 4 ? byteOf(image.getFloat(y, x, 3)) : 255;
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

  private static int byteOf(float v) {
    return (int) Math.max(0, Math.min(255, Math.floor(v + 0.5f)));
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
