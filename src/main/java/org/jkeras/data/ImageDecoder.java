package org.jkeras.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Locale;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.image.DecodeImage;
import org.tensorflow.op.image.DecodeJpeg;
import org.tensorflow.op.image.ResizeBicubic;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.op.image.ResizeNearestNeighbor;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * Decodes image files with TF ops, as Keras's {@code load_image} does: {@code decode_image} (JPEG,
 * PNG, BMP, GIF; first frame of an animation) to {@code channels}, then {@code tf.image.resize}
 * (half-pixel centres, no antialias) to (height, width), as float32 values in 0..255. Thread-safe.
 *
 * <p>Hostile files fail with an {@link IOException} naming the file and the reason, before anything
 * large is allocated: a file that is not a readable regular file (a FIFO would block forever), an
 * unrecognised header, and an image declaring more than {@link #MAX_PIXELS} pixels in its header.
 */
public final class ImageDecoder implements AutoCloseable {
  /** Keras's allowed image extensions. */
  public static final List<String> EXTENSIONS = List.of(".bmp", ".gif", ".jpeg", ".jpg", ".png");

  /**
   * The most pixels an image may declare: 89,478,485 (for example 9459x9459), Pillow's
   * {@code MAX_IMAGE_PIXELS}, above which Pillow, and so Keras's {@code load_img}, warns of a
   * decompression bomb (Pillow refuses twice that). Decoded at full size an image takes 3 bytes a
   * pixel as uint8 and 12 as float32 RGB, and a PNG of a few kilobytes can declare gigapixels, so
   * larger images are refused from their header, before decoding. Raise it with
   * {@code java -Djkeras.maxImagePixels=N}.
   */
  public static final long MAX_PIXELS = Long.getLong("jkeras.maxImagePixels", 89_478_485L);

  private final Graph graph = new Graph();
  private final Session session;
  private final Placeholder<TString> input;
  private final Operand<TFloat32> output;
  /** JPEGs decoded with the accurate integer DCT (Pillow's), or null: TF's default (INTEGER_FAST) for all. */
  private final Operand<TFloat32> accurateJpegOutput;
  /** The decoded pixels before the cast to float32 (a decoder of each image's own size): {@link #decodeUint8}. */
  private final Operand<TUint8> pixels;
  private final Operand<TUint8> accurateJpegPixels;
  private final int height;
  private final int width;
  private final int channels;

  /** @param height target height, or 0 to keep the decoded size (then width must be 0 too) */
  public ImageDecoder(int height, int width, int channels, String interpolation) {
    this(height, width, channels, interpolation, false);
  }

  /**
   * @param accurateJpeg decode JPEGs with libjpeg's accurate integer DCT, as Pillow (and so Keras's
   *     {@code load_img}) does, instead of TF's default fast one ({@code decode_image}, what
   *     Keras's {@code image_dataset_from_directory} uses): on the pets photos 40% of the values
   *     differ by up to 18 between the two, and none between TF's accurate DCT and Pillow
   */
  public ImageDecoder(int height, int width, int channels, String interpolation, boolean accurateJpeg) {
    this(height, width, channels, interpolation, accurateJpeg, AspectRatio.STRETCH);
  }

  /** @param aspect how an image of another aspect ratio is fitted to (height, width) */
  ImageDecoder(int height, int width, int channels, String interpolation, boolean accurateJpeg, AspectRatio aspect) {
    if (channels != 1 && channels != 3 && channels != 4) {
      throw new IllegalArgumentException(
          "Received an invalid value for `channels`: expected 1 (grayscale), 3 (rgb) or 4 (rgba). Received: channels=" + channels);
    }
    this.height = height;
    this.width = width;
    this.channels = channels;
    Ops tf = Ops.create(graph);
    input = tf.withName("bytes").placeholder(TString.class);
    Operand<TUint8> img = tf.image.decodeImage(input, new DecodeImage.Options[] {
        DecodeImage.channels((long) channels), DecodeImage.expandAnimations(false)});
    AspectRatio.Resize resize = resize(tf, interpolation);
    output = resized(tf, img, aspect, resize);
    // (a JPEG has no alpha: decode_jpeg takes 1 or 3 channels)
    Operand<TUint8> jpeg = accurateJpeg && channels != 4 ? tf.image.decodeJpeg(input, new DecodeJpeg.Options[] {
        DecodeJpeg.channels((long) channels), DecodeJpeg.dctMethod("INTEGER_ACCURATE")}) : null;
    accurateJpegOutput = jpeg == null ? null : resized(tf, jpeg, aspect, resize);
    pixels = height <= 0 ? img : null;
    accurateJpegPixels = height <= 0 ? jpeg : null;
    session = new Session(graph, sessionConfig());
  }

  /**
   * Without constant folding: grappler would turn a division by a constant into a product by its
   * float32 reciprocal, which Keras's tf.data map functions do not, and the padded size of a
   * 500x394 photo fitted to 40x24 then came out 23.999998 wide (floored to 23) instead of 24.
   */
  private static ConfigProto sessionConfig() {
    return ConfigProto.newBuilder().setGraphOptions(GraphOptions.newBuilder().setRewriteOptions(
        RewriterConfig.newBuilder().setConstantFolding(RewriterConfig.Toggle.OFF))).build();
  }

  /** The shape of a decoded image, (height, width, channels). */
  Shape imageShape() {
    return Shape.of(height, width, channels);
  }

  /** The decoded image as float32, fitted to (height, width) unless both are 0. */
  private Operand<TFloat32> resized(Ops tf, Operand<TUint8> img, AspectRatio aspect, AspectRatio.Resize resize) {
    if (height <= 0) {
      return tf.dtypes.cast(img, TFloat32.class);
    }
    return tf.squeeze(aspect.fit(tf, img, height, width, resize), Squeeze.axis(List.of(0L)));
  }

  /** TF's {@code tf.image.resize} of a uint8 batch (half-pixel centres, no antialias), as float32. */
  private static AspectRatio.Resize resize(Ops tf, String interpolation) {
    switch (interpolation == null ? "bilinear" : interpolation.toLowerCase(Locale.ROOT)) {
      case "bilinear":
        return (batch, size) -> tf.image.resizeBilinear(batch, size, ResizeBilinear.halfPixelCenters(true));
      case "nearest":
        return (batch, size) -> tf.dtypes.cast(
            tf.image.resizeNearestNeighbor(batch, size, ResizeNearestNeighbor.halfPixelCenters(true)), TFloat32.class);
      case "bicubic":
        return (batch, size) -> tf.image.resizeBicubic(batch, size, ResizeBicubic.halfPixelCenters(true));
      case "area":
        return (batch, size) -> tf.image.resizeArea(batch, size);
      default:
        throw new IllegalArgumentException(
            "Received an invalid value for `interpolation`: expected one of bilinear, nearest, bicubic, area. Received: interpolation="
                + interpolation);
    }
  }

  /** The output to fetch for these bytes. */
  private Operand<TFloat32> outputFor(byte[] bytes) {
    return accurateJpegOutput != null && "jpeg".equals(sniff(bytes)) ? accurateJpegOutput : output;
  }

  /** The image format from the file's first bytes: "jpeg", "png", "gif", "bmp", or null. */
  public static String sniff(byte[] head) {
    if (head.length >= 3 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xD8 && (head[2] & 0xff) == 0xFF) {
      return "jpeg";
    }
    if (head.length >= 8 && (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') {
      return "png";
    }
    if (head.length >= 4 && head[0] == 'G' && head[1] == 'I' && head[2] == 'F' && head[3] == '8') {
      return "gif";
    }
    if (head.length >= 2 && head[0] == 'B' && head[1] == 'M') {
      return "bmp";
    }
    return null;
  }

  /** Reads and decodes {@code file}; the error names the file and what was expected. */
  public FloatNdArray decode(Path file) throws IOException {
    return decode(read(file), file);
  }

  /** Decodes {@code bytes}, the content of {@code file} as {@link #read} returned it (read once by a caller that sniffs it first). */
  public FloatNdArray decode(byte[] bytes, Path file) throws IOException {
    if (height <= 0) {
      return decodeAny(bytes, file);
    }
    FloatNdArray out = NdArrays.ofFloats(Shape.of(height, width, channels));
    decodeInto(bytes, file, out);
    return out;
  }

  /** Reads a file, checking that it holds a JPEG, PNG, BMP or GIF image. */
  public static byte[] read(Path file) throws IOException {
    requireRegularFile(file);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
    if (sniff(bytes) == null) {
      throw new IOException(file + ": not a JPEG, PNG, BMP or GIF image (unrecognised file header).");
    }
    return bytes;
  }

  /** The first {@code n} bytes of a file (fewer if it is shorter), with {@link #read}'s checks and messages. */
  static byte[] readHead(Path file, int n) throws IOException {
    requireRegularFile(file);
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(n);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  /**
   * The (height, width) an image file declares in its header, read without decoding it (for a GIF,
   * its logical screen). Fails as {@link #read} does, or when the header holds no size.
   */
  public static long[] imageSize(Path file) throws IOException {
    ImageHeader h = parse(read(file), file);
    return new long[] {h.height(), h.width()};
  }

  /** The header of {@code bytes}, refused above {@link #MAX_PIXELS} pixels. */
  private static ImageHeader header(byte[] bytes, Path file) throws IOException {
    ImageHeader h = parse(bytes, file);
    if (h.pixels() > MAX_PIXELS) {
      throw new IOException(String.format(Locale.ROOT,
          "%s: a %dx%d image (%,d pixels to decode), above the limit of %,d pixels per image (a decompression-bomb guard,"
              + " Pillow's MAX_IMAGE_PIXELS; raise it with java -Djkeras.maxImagePixels=N).",
          file, h.width(), h.height(), h.pixels(), MAX_PIXELS));
    }
    return h;
  }

  private static ImageHeader parse(byte[] bytes, Path file) throws IOException {
    String format = sniff(bytes);
    if (format == null) {
      throw new IOException(file + ": not a JPEG, PNG, BMP or GIF image (unrecognised file header).");
    }
    ImageHeader h = ImageHeader.read(bytes, format);
    if (h == null) {
      throw new IOException(file + ": cannot decode the image (no image size in its " + format + " header: truncated or damaged).");
    }
    return h;
  }

  /** A FIFO or device would block or never end, a folder is a usage error: only regular files (or links to them) are read. */
  private static void requireRegularFile(Path file) throws IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
    if (a.isDirectory()) {
      throw new IOException(file + ": a folder, expected an image file.");
    }
    if (!a.isRegularFile()) {
      throw new IOException(file + ": not a regular file (a pipe, socket or device), expected an image file.");
    }
  }

  /** {@code e} as a one-line message naming the file and the reason (Java's own name only the path). */
  private static IOException unreadable(Path file, IOException e) {
    if (e instanceof NoSuchFileException) {
      return new NoSuchFileException(file.toString(), null,
          Files.isSymbolicLink(file) ? "a broken symbolic link (its target does not exist)" : "no such file");
    }
    return new IOException(file + ": cannot read the file (" + reason(e) + ").", e);
  }

  /** Why a file operation failed, without the path Java puts alone in the message of an AccessDeniedException. */
  static String reason(IOException e) {
    return e instanceof AccessDeniedException ? "permission denied"
        : e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : firstLine(e.getMessage());
  }

  /** Decodes {@code bytes} (the content of {@code file}) into {@code target} of shape (height, width, channels). */
  public void decodeInto(byte[] bytes, Path file, FloatNdArray target) throws IOException {
    header(bytes, file);
    try (TString in = TString.tensorOfBytes(NdArrays.scalarOfObject(bytes));
        Result r = session.runner().feed(input, in).fetch(outputFor(bytes)).run()) {
      ((TFloat32) r.get(0)).copyTo(target);
    } catch (RuntimeException e) {
      throw new IOException(file + ": cannot decode the image (" + firstLine(e.getMessage()) + ").", e);
    }
  }

  /** An image's pixels as decoded: (height, width, channels) uint8 values, row-major. */
  public record Pixels(int height, int width, int channels, byte[] values) {}

  /**
   * Decodes {@code bytes} (the content of {@code file}) at the image's own size to its uint8 values,
   * what {@link #decode} gives before the cast to float32 (a quarter of the bytes to copy out of TF,
   * for a caller working on the integers, as Pillow-exact resizing does). Only for a decoder of each
   * image's own size (height and width 0).
   */
  public Pixels decodeUint8(byte[] bytes, Path file) throws IOException {
    if (pixels == null) {
      throw new IllegalStateException("decodeUint8 needs a decoder of each image's own size (height and width 0); this one"
          + " resizes to " + height + "x" + width);
    }
    header(bytes, file);
    Operand<TUint8> out = accurateJpegPixels != null && "jpeg".equals(sniff(bytes)) ? accurateJpegPixels : pixels;
    try (TString in = TString.tensorOfBytes(NdArrays.scalarOfObject(bytes));
        Result r = session.runner().feed(input, in).fetch(out).run()) {
      TUint8 t = (TUint8) r.get(0);
      byte[] values = new byte[Math.toIntExact(t.size())];
      t.copyTo(DataBuffers.of(values, false, false));
      return new Pixels((int) t.shape().get(0), (int) t.shape().get(1), (int) t.shape().get(2), values);
    } catch (RuntimeException e) {
      throw new IOException(file + ": cannot decode the image (" + firstLine(e.getMessage()) + ").", e);
    }
  }

  private FloatNdArray decodeAny(byte[] bytes, Path file) throws IOException {
    header(bytes, file);
    try (TString in = TString.tensorOfBytes(NdArrays.scalarOfObject(bytes));
        Result r = session.runner().feed(input, in).fetch(outputFor(bytes)).run()) {
      TFloat32 t = (TFloat32) r.get(0);
      FloatNdArray out = NdArrays.ofFloats(t.shape());
      t.copyTo(out);
      return out;
    } catch (RuntimeException e) {
      throw new IOException(file + ": cannot decode the image (" + firstLine(e.getMessage()) + ").", e);
    }
  }

  static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
