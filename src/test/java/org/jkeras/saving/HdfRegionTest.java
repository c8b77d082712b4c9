package org.jkeras.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;

/**
 * Float32 values read in place from a region of a file ({@link HdfRegion}), as the weights of a
 * {@code .keras} archive's stored member are: a file of known bytes, a region inside it (bytes
 * before it, as the archive's headers; an HDF5 user block inside it), reads at unaligned
 * addresses and across the pass's chunks, and the CRC of the whole region.
 */
class HdfRegionTest {
  /** Bytes before the region in the file (as a zip member's header and name). */
  private static final int BEFORE = 37;
  /** The HDF5 user block inside the region, which data addresses skip. */
  private static final int USER_BLOCK = 512;
  /** More floats than one chunk of the pass (4 MiB), so that a read spans chunks. */
  private static final int LARGE = (4 << 20) / Float.BYTES + 12_345;

  private record Region(Path file, byte[] bytes, long crc) {}

  /** A file: BEFORE junk bytes, then the region: random bytes holding {@code floats} at {@code address} (past the user block). */
  private static Region write(Path file, int regionSize, long address, float[] floats) throws IOException {
    Random random = new Random(42);
    byte[] region = new byte[regionSize];
    random.nextBytes(region);
    ByteBuffer.wrap(region).order(ByteOrder.LITTLE_ENDIAN).position((int) (USER_BLOCK + address)).asFloatBuffer().put(floats);
    byte[] all = new byte[BEFORE + regionSize + 10];
    System.arraycopy(region, 0, all, BEFORE, regionSize);
    Files.write(file, all);
    CRC32 crc = new CRC32();
    crc.update(region);
    return new Region(file, region, crc.getValue());
  }

  private static float[] values(int n, long seed) {
    Random random = new Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }

  private static float[] read(FloatDataBuffer b) {
    float[] out = new float[(int) b.size()];
    b.read(out);
    return out;
  }

  private static HdfRegion region(Region r, FileChannel channel, long crc) {
    HdfRegion region = new HdfRegion(r.file(), "model.weights.h5", channel, BEFORE, r.bytes().length, crc);
    region.base(USER_BLOCK);
    return region;
  }

  @Test
  void valuesAtUnalignedAddressesAcrossChunksReadWithTheirCrc(@TempDir Path tmp) throws IOException {
    float[] large = values(LARGE, 1);
    float[] small = values(7, 2);
    long largeAt = 1001; // not a multiple of 4
    long smallAt = largeAt + LARGE * 4L + 3;
    int size = (int) (USER_BLOCK + smallAt + small.length * 4L + 99);
    Region r = write(tmp.resolve("w.bin"), size, largeAt, large);
    ByteBuffer.wrap(r.bytes()).order(ByteOrder.LITTLE_ENDIAN).position((int) (USER_BLOCK + smallAt)).asFloatBuffer().put(small);
    Files.write(r.file(), concat(new byte[BEFORE], r.bytes(), new byte[10]));
    CRC32 crc = new CRC32();
    crc.update(r.bytes());
    FloatDataBuffer a = DataBuffers.ofFloats(LARGE);
    FloatDataBuffer b = DataBuffers.ofFloats(small.length);
    try (FileChannel channel = FileChannel.open(r.file())) {
      // given in reverse order: the pass reads them in the order they lie
      region(r, channel, crc.getValue()).read(List.of(new HdfRegion.Read(smallAt, small.length, b),
          new HdfRegion.Read(largeAt, LARGE, a)));
      assertArrayEquals(large, read(a));
      assertArrayEquals(small, read(b));
      IOException e = assertThrows(IOException.class, () -> region(r, channel, crc.getValue() ^ 1).read(List.of()));
      assertTrue(e.getMessage().contains("has a damaged member 'model.weights.h5' (its CRC does not match)"), e.getMessage());
      assertTrue(e.getMessage().startsWith(r.file().toAbsolutePath().toString()), e.getMessage());
    }
  }

  @Test
  void aByteChangedInsideAValueFailsTheCrc(@TempDir Path tmp) throws IOException {
    float[] v = values(1000, 3);
    Region r = write(tmp.resolve("w.bin"), USER_BLOCK + 8000, 100, v);
    byte[] file = Files.readAllBytes(r.file());
    file[BEFORE + USER_BLOCK + 100 + 2000] ^= 0x10;
    Files.write(r.file(), file);
    try (FileChannel channel = FileChannel.open(r.file())) {
      FloatDataBuffer into = DataBuffers.ofFloats(v.length);
      IOException e = assertThrows(IOException.class,
          () -> region(r, channel, r.crc()).read(List.of(new HdfRegion.Read(100, v.length, into))));
      assertTrue(e.getMessage().contains("its CRC does not match"), e.getMessage());
      // without a CRC (a .weights.h5 file of its own), the changed value is what is read
      region(r, channel, -1).read(List.of(new HdfRegion.Read(100, v.length, into)));
      assertEquals(1, countDifferent(v, read(into)));
    }
  }

  @Test
  void overlappingDatasetsReadEachWholeAfterTheCrc(@TempDir Path tmp) throws IOException {
    float[] v = values(500, 4);
    Region r = write(tmp.resolve("w.bin"), USER_BLOCK + 4000, 8, v);
    FloatDataBuffer whole = DataBuffers.ofFloats(500);
    FloatDataBuffer inside = DataBuffers.ofFloats(100);
    try (FileChannel channel = FileChannel.open(r.file())) {
      region(r, channel, r.crc()).read(List.of(new HdfRegion.Read(8, 500, whole), new HdfRegion.Read(8 + 4 * 200, 100, inside)));
      assertArrayEquals(v, read(whole));
      float[] middle = new float[100];
      System.arraycopy(v, 200, middle, 0, 100);
      assertArrayEquals(middle, read(inside));
      IOException e = assertThrows(IOException.class, () -> region(r, channel, r.crc() ^ 1)
          .read(List.of(new HdfRegion.Read(8, 500, whole), new HdfRegion.Read(8 + 4 * 200, 100, inside))));
      assertTrue(e.getMessage().contains("its CRC does not match"), e.getMessage());
    }
  }

  @Test
  void nanAndInfiniteValuesAreCounted(@TempDir Path tmp) throws IOException {
    float[] v = values(LARGE, 5);
    v[3] = Float.NaN;
    v[LARGE - 1] = Float.NaN;
    v[LARGE / 2] = Float.NEGATIVE_INFINITY;
    Region r = write(tmp.resolve("w.bin"), USER_BLOCK + LARGE * 4 + 16, 16, v);
    try (FileChannel channel = FileChannel.open(r.file())) {
      HdfRegion.Read read = new HdfRegion.Read(16, LARGE, DataBuffers.ofFloats(LARGE));
      region(r, channel, r.crc()).read(List.of(read));
      assertArrayEquals(new long[] {2, 1}, read.nonFinite);
    }
  }

  @Test
  void dataPastTheRegionOrAFileCutShortIsRefused(@TempDir Path tmp) throws IOException {
    float[] v = values(100, 6);
    Region r = write(tmp.resolve("w.bin"), USER_BLOCK + 1000, 0, v);
    try (FileChannel channel = FileChannel.open(r.file())) {
      IOException past = assertThrows(IOException.class, () -> region(r, channel, -1)
          .read(List.of(new HdfRegion.Read(900, 100, DataBuffers.ofFloats(100)))));
      assertTrue(past.getMessage().contains("lies past its end (" + (USER_BLOCK + 1000) + " bytes)"), past.getMessage());
      HdfRegion longer = new HdfRegion(r.file(), "model.weights.h5", channel, BEFORE, 1 << 20, r.crc());
      IOException cut = assertThrows(IOException.class, () -> longer.read(List.of()));
      assertTrue(cut.getMessage().contains("(member 'model.weights.h5') ends after"), cut.getMessage());
      assertTrue(cut.getMessage().contains("truncated?"), cut.getMessage());
    }
  }

  private static int countDifferent(float[] a, float[] b) {
    int n = 0;
    for (int i = 0; i < a.length; i++) {
      n += Float.floatToRawIntBits(a[i]) == Float.floatToRawIntBits(b[i]) ? 0 : 1;
    }
    return n;
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
