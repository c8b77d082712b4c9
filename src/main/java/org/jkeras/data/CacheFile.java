package org.jkeras.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * The file of {@code ds.cache(filename)}: a header naming the format ({@code JKERAS-DATASET-CACHE})
 * and the shape of each array of an item, the items (their size, then every array's float32
 * values), and a trailer with the item count, written last. A cache is written to a temporary
 * file beside it and moved into place only once a pass has completed, so a file at the path is
 * complete; jkeras reads such a file instead of its source, as tf.data does, and refuses to
 * overwrite or read anything else found at the path.
 */
final class CacheFile {
  private static final byte[] MAGIC = "JKERAS-DATASET-CACHE\n".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;
  private static final int TRAILER = 0x4A4B4345; // "JKCE"

  private CacheFile() {}

  /** True when {@code file} holds a complete cache; refuses anything else found there (see the class comment). */
  static boolean exists(Path file) throws IOException {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || !hasMagic(file)) {
      throw new IOException(file + ": exists and is not a cache file jkeras wrote (expected a regular file starting with "
          + "JKERAS-DATASET-CACHE). It is left as it is: remove it, or give `cache` another filename.");
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      if (f.length() < MAGIC.length + 12) {
        throw incomplete(file);
      }
      f.seek(f.length() - 4);
      if (f.readInt() != TRAILER) {
        throw incomplete(file);
      }
    }
    return true;
  }

  private static IOException incomplete(Path file) {
    return new IOException(file + ": a jkeras cache file without its end (truncated or damaged). Remove it to write the"
        + " cache again.");
  }

  private static boolean hasMagic(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return Arrays.equals(in.readNBytes(MAGIC.length), MAGIC);
    }
  }

  /** The per-item shapes (without the batch axis) of every array, inputs, labels and sample weights in turn. */
  static List<Shape> shapes(Dataset ds) {
    List<Shape> out = new ArrayList<>(ds.elementShapes());
    out.addAll(ds.labelShapes());
    if (ds.hasSampleWeights()) {
      ds.labelShapes().forEach(s -> out.add(Shape.scalar()));
    }
    return out;
  }

  /** Writes a cache: items appended as they pass, {@link #commit} once the pass is complete, {@link #discard} otherwise. */
  static final class Writer {
    private final Path file;
    private final Path temp;
    private final DataOutputStream out;
    private long count;

    Writer(Path file, Dataset ds) throws IOException {
      this.file = file;
      Path dir = file.toAbsolutePath().getParent();
      if (dir == null || !Files.isDirectory(dir)) {
        throw new IOException(file + ": cannot write the cache, its folder does not exist.");
      }
      this.temp = Files.createTempFile(dir, file.getFileName().toString() + ".", ".tmp");
      this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16));
      out.write(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(ds.elementShapes().size());
      out.writeInt(ds.labelShapes().size());
      out.writeInt(ds.hasSampleWeights() ? ds.labelShapes().size() : 0);
      for (Shape s : shapes(ds)) {
        out.writeInt(s.numDimensions());
        for (long d : s.asArray()) {
          out.writeLong(d);
        }
      }
    }

    void append(Batch b) throws IOException {
      out.writeInt(b.size());
      List<FloatNdArray> arrays = new ArrayList<>(b.xs());
      arrays.addAll(b.ys());
      arrays.addAll(b.sampleWeights());
      for (FloatNdArray a : arrays) {
        float[] values = new float[(int) a.size()];
        a.copyTo(DataBuffers.of(values, false, false));
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4);
        bytes.asFloatBuffer().put(values);
        out.write(bytes.array());
      }
      count++;
    }

    /** Ends the file and moves it into place (unless another writer got there first: its complete cache stays). */
    void commit() throws IOException {
      out.writeInt(-1);
      out.writeLong(count);
      out.writeInt(TRAILER);
      out.close();
      try {
        Files.move(temp, file);
      } catch (FileAlreadyExistsException e) {
        Files.deleteIfExists(temp);
      }
    }

    void discard() {
      try {
        out.close();
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        System.err.println("WARNING: could not remove the unfinished cache file " + temp + ": " + e.getMessage());
      }
    }
  }

  /** Reads the items of a complete cache written for datasets shaped as {@code ds}. */
  static final class Reader implements AutoCloseable {
    private final Path file;
    private final DataInputStream in;
    private final List<Shape> shapes;
    private final int nx;
    private final int ny;

    Reader(Path file, Dataset ds) throws IOException {
      this.file = file;
      this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
      in.skipNBytes(MAGIC.length);
      if (in.readInt() != VERSION) {
        throw new IOException(file + ": a jkeras cache file of another version. Remove it to write the cache again.");
      }
      nx = in.readInt();
      ny = in.readInt();
      int nw = in.readInt();
      shapes = new ArrayList<>();
      for (int i = 0; i < nx + ny + nw; i++) {
        long[] dims = new long[in.readInt()];
        for (int k = 0; k < dims.length; k++) {
          dims[k] = in.readLong();
        }
        shapes.add(Shape.of(dims));
      }
      if (!shapes.equals(shapes(ds))) {
        throw new IOException(file + ": a cache of items shaped " + shapes + ", not this dataset's " + shapes(ds)
            + ". Remove it, or give `cache` another filename.");
      }
    }

    /** The next item, or null at the end. */
    Batch next() throws IOException {
      int size;
      try {
        size = in.readInt();
      } catch (EOFException e) {
        throw new IOException(file + ": the cache file ends early (damaged).", e);
      }
      if (size < 0) {
        return null;
      }
      List<FloatNdArray> arrays = new ArrayList<>();
      for (Shape s : shapes) {
        FloatNdArray a = NdArrays.ofFloats(Shape.of(size).append(s));
        byte[] bytes = in.readNBytes((int) a.size() * 4);
        if (bytes.length != a.size() * 4) {
          throw new IOException(file + ": the cache file ends early (damaged).");
        }
        float[] values = new float[(int) a.size()];
        ByteBuffer.wrap(bytes).asFloatBuffer().get(values);
        a.copyFrom(DataBuffers.of(values, true, false));
        arrays.add(a);
      }
      return new Batch(arrays.subList(0, nx), arrays.subList(nx, nx + ny), arrays.subList(nx + ny, arrays.size()), size);
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
