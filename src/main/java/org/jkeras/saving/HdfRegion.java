package org.jkeras.saving;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.object.datatype.FloatingPoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.CRC32;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;

/**
 * The bytes of an HDF5 file where they lie on disk: a {@code .weights.h5} file, or the weights
 * member of a {@code .keras} archive, stored uncompressed inside it. Weight values are read from
 * here by positional reads, in one pass in the order they lie in the file, straight into the
 * native memory of the tensors that will be fed to the variables: no copy of the file in the
 * Java heap (a ResNet50 with its Adam state is 283 MB), no float arrays besides one chunk, no
 * mapped pages of data counted in the process's resident set. Only contiguous little-endian
 * float32 datasets are read so ({@link #readsInPlace}); jHDF reads the rest.
 *
 * <p>A member of an archive carries the CRC its directory declares: the pass then reads every
 * byte of the member, the HDF5 metadata between the datasets included, and a member whose bytes
 * do not match is refused as damaged before any value is used.
 */
final class HdfRegion {
  /** Bytes read at once: the one buffer of the pass (and its float copy). */
  private static final int CHUNK = 4 << 20;

  /** One dataset's values, read into {@code into}; the NaN and infinite values seen are counted. */
  static final class Read {
    final long address;
    final long floats;
    final FloatDataBuffer into;
    /** The NaN values read, then the infinite ones. */
    final long[] nonFinite = new long[2];

    /**
     * @param address the dataset's data address (from the HDF5 file's base, as jHDF gives it)
     * @param floats how many float32 values lie there
     */
    Read(long address, long floats, FloatDataBuffer into) {
      this.address = address;
      this.floats = floats;
      this.into = into;
    }

    long end() {
      return address + floats * Float.BYTES;
    }
  }

  private final Path file;
  private final String member;
  private final FileChannel channel;
  private final long start;
  private final long size;
  private final long crc;
  private long base;

  /**
   * @param file the file named in messages
   * @param member the archive member's name, or null for a file of its own
   * @param channel open for reading
   * @param start where the HDF5 bytes begin in {@code channel}
   * @param size how many bytes they take
   * @param crc the CRC-32 the bytes must have, or -1 for none
   */
  HdfRegion(Path file, String member, FileChannel channel, long start, long size, long crc) {
    this.file = file;
    this.member = member;
    this.channel = channel;
    this.start = start;
    this.size = size;
    this.crc = crc;
  }

  /** A whole file of its own (no CRC), which jHDF has opened as {@code f}. */
  static HdfRegion wholeFile(Path file, FileChannel channel, HdfFile f) throws IOException {
    HdfRegion r = new HdfRegion(file, null, channel, 0, channel.size(), -1);
    r.base(f.getUserBlockSize());
    return r;
  }

  /** Sets the HDF5 base address: the user block jHDF found before the superblock, which its data addresses skip. */
  void base(long userBlockSize) {
    this.base = userBlockSize;
  }

  /** True when {@code dataset}'s bytes can be read here: contiguous little-endian float32, in the file. */
  static boolean readsInPlace(Dataset dataset) {
    return dataset instanceof ContiguousDataset
        && dataset.getDataType() instanceof FloatingPoint f
        && f.getSize() == Float.BYTES && f.getByteOrder() == ByteOrder.LITTLE_ENDIAN
        && dataset.getFilters().isEmpty();
  }

  /**
   * Reads every value of {@code reads} (whose datasets the caller has checked to lie within the
   * file), and checks the CRC when there is one: in one pass when the datasets do not overlap,
   * else the CRC first and each dataset after.
   *
   * @throws IOException naming the file (and member) when it ends early or fails its CRC
   */
  void read(List<Read> reads) throws IOException {
    List<Read> sorted = new ArrayList<>(reads);
    sorted.sort(Comparator.comparingLong(r -> r.address));
    boolean overlapping = false;
    for (int i = 1; i < sorted.size(); i++) {
      overlapping |= sorted.get(i).address < sorted.get(i - 1).end();
    }
    for (Read r : sorted) {
      if (r.address < 0 || base + r.end() > size) {
        throw new IOException(message("has a dataset whose data (at " + r.address + ", " + r.floats * Float.BYTES
            + " bytes) lies past its end (" + size + " bytes)"));
      }
    }
    Pass pass = new Pass();
    if (overlapping) {
      if (crc >= 0) {
        pass.crcUpTo(size);
        pass.checkCrc();
      }
      for (Read r : sorted) {
        pass.position = base + r.address;
        pass.values(r, false);
      }
      return;
    }
    for (Read r : sorted) {
      if (crc >= 0) {
        pass.crcUpTo(base + r.address);
      }
      pass.position = base + r.address;
      pass.values(r, crc >= 0);
    }
    if (crc >= 0) {
      pass.crcUpTo(size);
      pass.checkCrc();
    }
  }

  /** The pass's buffers and place. */
  private final class Pass {
    final ByteBuffer bytes = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    float[] floats;
    final CRC32 sum = new CRC32();
    long position;

    /** Reads (and sums) the bytes from the position to {@code end}. */
    void crcUpTo(long end) throws IOException {
      while (position < end) {
        fill((int) Math.min(CHUNK, end - position));
        sum.update(bytes);
      }
    }

    /** Reads {@code r}'s values from the position, summing them too when {@code summed}. */
    void values(Read r, boolean summed) throws IOException {
      if (floats == null) {
        floats = new float[CHUNK / Float.BYTES];
      }
      for (long done = 0; done < r.floats; ) {
        int n = (int) Math.min(floats.length, r.floats - done);
        fill(n * Float.BYTES);
        if (summed) {
          sum.update(bytes.duplicate());
        }
        FloatBuffer f = bytes.asFloatBuffer();
        f.get(floats, 0, n);
        WeightDatasets.countNonFinite(floats, n, r.nonFinite);
        r.into.offset(done).write(floats, 0, n);
        done += n;
      }
    }

    /** Reads {@code n} bytes at the position into the buffer (ready to be read), and moves on. */
    private void fill(int n) throws IOException {
      bytes.clear().limit(n);
      while (bytes.hasRemaining()) {
        if (channel.read(bytes, start + position + bytes.position()) < 0) {
          throw new IOException(message("ends after " + (position + bytes.position()) + " of its " + size
              + " bytes (truncated?)"));
        }
      }
      bytes.flip();
      position += n;
    }

    void checkCrc() throws IOException {
      if (sum.getValue() != crc) {
        throw new IOException(Hdf5Reading.oneLine(file.toAbsolutePath() + " has a damaged member '" + member
            + "' (its CRC does not match). Nothing was loaded."));
      }
    }
  }

  private String message(String what) {
    return Hdf5Reading.oneLine(file.toAbsolutePath() + (member == null ? "" : " (member '" + member + "')") + " " + what
        + ". Nothing was loaded.");
  }
}
