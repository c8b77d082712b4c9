package org.jkeras.preprocessing.image;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.jkeras.data.ImageDecoder;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Keras's {@code img_to_array(load_img(path, color_mode, target_size, interpolation,
 * keep_aspect_ratio))} with its arguments checked once and its TF decoders kept open, so that an
 * iterator reading thousands of files ({@link DirectoryIterator}) builds no graph per file.
 * Thread-safe: {@link ImageDecoder} is, and the rest works on the caller's arrays.
 *
 * <p>The values are Pillow's integers: JPEGs decoded with libjpeg's accurate DCT (as Pillow),
 * Pillow's grey conversion ({@code L = (19595 R + 38470 G + 7471 B + 2^15) >> 16}) and Pillow's
 * {@code resize} ({@link PilResize}).
 */
final class PilLoader implements AutoCloseable {
  private final int channels;
  private final int[] targetSize;
  private final String method;
  private final boolean keepAspectRatio;
  private ImageDecoder rgb;
  private ImageDecoder rgba;

  /**
   * @param targetSize {@code {height, width}}, or null for each image's own size
   * @param interpolation Keras's: "nearest", "bilinear", "bicubic", "hamming", "box", "lanczos"
   */
  PilLoader(String colorMode, int[] targetSize, String interpolation, boolean keepAspectRatio) {
    this.channels = channels(colorMode);
    this.method = interpolation == null ? "" : interpolation.toLowerCase(Locale.ROOT);
    if (!PilResize.METHODS.contains(method)) {
      throw new IllegalArgumentException("Invalid interpolation method " + interpolation + " specified. Supported methods are "
          + String.join(", ", PilResize.METHODS) + ". Received: interpolation=" + interpolation);
    }
    if (targetSize != null && (targetSize.length != 2 || targetSize[0] <= 0 || targetSize[1] <= 0
        || (long) targetSize[0] * targetSize[1] > ImageDecoder.MAX_PIXELS)) {
      throw new IllegalArgumentException("`target_size` must be (height, width), two positive integers of at most "
          + ImageDecoder.MAX_PIXELS + " pixels in all. Received: target_size=" + Arrays.toString(targetSize));
    }
    this.targetSize = targetSize == null ? null : targetSize.clone();
    this.keepAspectRatio = keepAspectRatio;
  }

  static int channels(String colorMode) {
    switch (colorMode == null ? "" : colorMode) {
      case "rgb": return 3;
      case "rgba": return 4;
      case "grayscale": return 1;
      default:
        throw new IllegalArgumentException(
            "`color_mode` must be one of {\"rgb\", \"rgba\", \"grayscale\"}. Received: color_mode=" + colorMode);
    }
  }

  /** The image at {@code path}, (height, width, channels) float32 in 0..255. */
  FloatNdArray load(Path path) throws IOException {
    byte[] bytes = ImageDecoder.read(path);
    // Grey from RGB as Pillow converts; JPEGs and GIFs are decoded to RGB and given alpha 255 (as
    // Pillow's RGBA of an image without transparency): TF decodes neither to 4 channels.
    String format = ImageDecoder.sniff(bytes);
    boolean four = channels == 4 && ("png".equals(format) || "bmp".equals(format));
    ImageDecoder.Pixels decoded = decoder(four).decodeUint8(bytes, path);
    int h = decoded.height();
    int w = decoded.width();
    byte[] raw = decoded.values();
    int[] box = {0, 0, w, h};
    boolean resize = targetSize != null && (targetSize[0] != h || targetSize[1] != w);
    if (resize && keepAspectRatio) {
      int th = targetSize[0];
      int tw = targetSize[1];
      int cropH = Math.min(h, (int) ((long) w * th / tw));
      int cropW = Math.min(w, (int) ((long) h * tw / th));
      box = new int[] {(w - cropW) / 2, (h - cropH) / 2, (w - cropW) / 2 + cropW, (h - cropH) / 2 + cropH};
    }
    if (decoded.channels() == channels && (!resize || method.equals("nearest"))) {
      // The decoded values are the image's (no grey or alpha conversion): Keras's default nearest
      // resize picks them straight from the decoded bytes.
      int oh = resize ? targetSize[0] : h;
      int ow = resize ? targetSize[1] : w;
      float[] out = new float[oh * ow * channels];
      if (resize) {
        int[] from = PilResize.nearestSources(h, w, oh, ow, box);
        for (int i = 0; i < from.length; i++) {
          for (int k = 0; k < channels; k++) {
            out[i * channels + k] = raw[from[i] * channels + k] & 0xFF;
          }
        }
      } else {
        for (int i = 0; i < out.length; i++) {
          out[i] = raw[i] & 0xFF;
        }
      }
      return NdArrays.wrap(Shape.of(oh, ow, channels), DataBuffers.of(out, false, false));
    }
    int[] px = new int[raw.length];
    for (int i = 0; i < px.length; i++) {
      px[i] = raw[i] & 0xFF;
    }
    if (channels == 1) {
      px = luma(px);
    } else if (channels == 4 && !four) {
      px = withOpaqueAlpha(px);
    }
    if (resize) {
      px = PilResize.resize(px, h, w, channels, targetSize[0], targetSize[1], method, box);
      h = targetSize[0];
      w = targetSize[1];
    }
    float[] out = new float[px.length];
    for (int i = 0; i < px.length; i++) {
      out[i] = px[i];
    }
    return NdArrays.wrap(Shape.of(h, w, channels), DataBuffers.of(out, false, false));
  }

  private synchronized ImageDecoder decoder(boolean four) {
    if (four) {
      if (rgba == null) {
        rgba = new ImageDecoder(0, 0, 4, "bilinear", true);
      }
      return rgba;
    }
    if (rgb == null) {
      rgb = new ImageDecoder(0, 0, 3, "bilinear", true);
    }
    return rgb;
  }

  private static int[] withOpaqueAlpha(int[] rgb) {
    int n = rgb.length / 3;
    int[] out = new int[n * 4];
    for (int i = 0; i < n; i++) {
      System.arraycopy(rgb, 3 * i, out, 4 * i, 3);
      out[4 * i + 3] = 255;
    }
    return out;
  }

  /** Pillow's {@code convert("L")} of RGB pixels: ITU-R 601-2 luma in 16-bit fixed point. */
  private static int[] luma(int[] rgb) {
    int[] out = new int[rgb.length / 3];
    for (int i = 0; i < out.length; i++) {
      out[i] = (rgb[3 * i] * 19595 + rgb[3 * i + 1] * 38470 + rgb[3 * i + 2] * 7471 + 0x8000) >> 16;
    }
    return out;
  }

  @Override
  public synchronized void close() {
    if (rgb != null) {
      rgb.close();
    }
    if (rgba != null) {
      rgba.close();
    }
  }
}
