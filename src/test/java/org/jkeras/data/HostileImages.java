package org.jkeras.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.jkeras.TestUtil;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/** Real image files, good and hostile, written into a test's own temporary folder. */
public final class HostileImages {
  private HostileImages() {}

  /** A copy of the {@code i}-th photo of the shared pets set's {@code cls} ("cat" or "dog") at {@code target}. */
  public static Path pet(String cls, int i, Path target) throws IOException {
    Path dir = TestUtil.shared().resolve("data/pets/validation").resolve(cls);
    Path source;
    try (var s = Files.list(dir)) {
      source = s.sorted().skip(i).findFirst().orElseThrow();
    }
    Files.createDirectories(target.getParent());
    return Files.copy(source, target);
  }

  /** A photo cut after its first 300 bytes: the header is a JPEG's, the image data is missing. */
  public static Path truncatedJpeg(Path target) throws IOException {
    Path full = pet("dog", 0, target.resolveSibling(target.getFileName() + ".full"));
    Files.write(target, Arrays.copyOf(Files.readAllBytes(full), 300));
    Files.delete(full);
    return target;
  }

  /** A uniform grey JPEG of {@code height} x {@code width} pixels, encoded by TF (12000x12000 is 1.7 MB). */
  public static Path uniformJpeg(Path target, int height, int width) throws IOException {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TUint8> grey = tf.fill(tf.constant(new long[] {height, width, 1}), tf.dtypes.cast(tf.constant(128), TUint8.class));
      try (Result r = s.runner().fetch(tf.image.encodeJpeg(grey)).run()) {
        Files.write(target, ((TString) r.get(0)).asBytes().getObject());
      }
    }
    return target;
  }

  /**
   * A decompression bomb: a grey PNG of {@code width} x {@code height} zeros (20000x20000 is 400 M
   * pixels in about 400 KB), written row by row so that writing it takes no memory.
   */
  public static Path pngBomb(Path target, int width, int height) throws IOException {
    try (OutputStream out = Files.newOutputStream(target)) {
      out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
      chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 0)
          .put((byte) 0).put((byte) 0).put((byte) 0).array());
      ByteArrayOutputStream idat = new ByteArrayOutputStream();
      try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(Deflater.BEST_COMPRESSION))) {
        byte[] row = new byte[width + 1]; // filter byte 0, then the row's zeros
        for (int y = 0; y < height; y++) {
          z.write(row);
        }
      }
      chunk(out, "IDAT", idat.toByteArray());
      chunk(out, "IEND", new byte[0]);
    }
    return target;
  }

  /** A GIF whose 1x1 screen holds one 30000x30000 frame: TF's decoder would allocate the frame (900 MB) first. */
  public static Path gifFrameBomb(Path target) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write("GIF89a".getBytes(StandardCharsets.US_ASCII));
    b.write(new byte[] {1, 0, 1, 0, 0, 0, 0}); // 1x1 screen, no global colour table
    b.write(new byte[] {0x2C, 0, 0, 0, 0, 0x30, 0x75, 0x30, 0x75, 0}); // image at (0, 0), 30000x30000
    b.write(new byte[] {2, 2, 0x4c, 0x01, 0}); // LZW code size 2, one sub-block of data, end
    b.write(0x3B);
    Files.write(target, b.toByteArray());
    return target;
  }

  private static void chunk(OutputStream out, String type, byte[] data) throws IOException {
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.write(ByteBuffer.allocate(4).putInt(data.length).array());
    out.write(t);
    out.write(data);
    out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
