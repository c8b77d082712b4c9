package org.jkeras.saving;

import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import io.jhdf.exceptions.HdfWritingException;
import io.jhdf.object.datatype.OrderedDataType;
import io.jhdf.storage.HdfFileChannel;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.jkeras.backend.KerasVariable;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * The values of the {@link StreamedFloatDataset}s of an HDF5 tree, read from the graph a chunk
 * of at most {@code chunkBytes} at a time (one run each) in the order jHDF writes them, so that
 * saving a model holds only a chunk of its values on the Java heap instead of all of them.
 *
 * <p>jHDF keeps a group's children in a hash map and writes them in its iteration order, not
 * in the order they were added; {@link #plan} walks the tree in that same order. A value asked
 * for out of that order is fetched again (correct, only slower).
 */
final class ValueChunks {
  /** The default chunk: a few runs for a large model, a bounded share of the heap. */
  static final long DEFAULT_CHUNK_BYTES = 32L << 20;

  /** Floats copied to the file per write. */
  private static final int BUFFER_FLOATS = 1 << 18;

  private final List<StreamedFloatDataset> datasets;
  private final long chunkBytes;
  private final ByteBuffer buffer;
  private int first;
  private List<FloatNdArray> chunk = List.of();

  private ValueChunks(List<StreamedFloatDataset> datasets, long chunkBytes) {
    this.datasets = datasets;
    this.chunkBytes = chunkBytes;
    this.buffer = ByteBuffer.allocateDirect(BUFFER_FLOATS * Float.BYTES)
        .order(((OrderedDataType) StreamedFloatDataset.FLOAT32).getByteOrder());
  }

  /** Gives every streamed dataset under {@code root} its place in jHDF's write order. */
  static ValueChunks plan(WritableGroup root, long chunkBytes) {
    if (chunkBytes <= 0) {
      throw new IllegalArgumentException("chunkBytes must be positive. Received: chunkBytes=" + chunkBytes);
    }
    List<StreamedFloatDataset> order = new ArrayList<>();
    visit(root, order);
    ValueChunks values = new ValueChunks(order, chunkBytes);
    for (int i = 0; i < order.size(); i++) {
      order.get(i).source(values, i);
    }
    return values;
  }

  /** As {@code WritableGroupImpl.write}: each child in the order of the group's map, depth first. */
  private static void visit(WritableGroup group, List<StreamedFloatDataset> out) {
    for (Node child : group.getChildren().values()) {
      if (child instanceof StreamedFloatDataset d) {
        out.add(d);
      } else if (child instanceof WritableGroup g) {
        visit(g, out);
      }
    }
  }

  /** Writes the value at {@code index} of the write order at {@code at} of {@code channel}. */
  void write(int index, HdfFileChannel channel, long at) {
    FloatNdArray value = take(index);
    float[] flat = new float[Math.toIntExact(value.size())];
    value.copyTo(DataBuffers.of(flat, false, false));
    for (int off = 0; off < flat.length; off += BUFFER_FLOATS) {
      int n = Math.min(BUFFER_FLOATS, flat.length - off);
      buffer.clear();
      FloatBuffer floats = buffer.asFloatBuffer();
      floats.put(flat, off, n);
      buffer.limit(n * Float.BYTES);
      channel.write(buffer, at + (long) off * Float.BYTES);
    }
  }

  /** The value at {@code index}, let go once taken: the chunk shrinks as the file grows. */
  private FloatNdArray take(int index) {
    int k = index - first;
    if (k < 0 || k >= chunk.size() || chunk.get(k) == null) {
      fetch(index);
      k = 0;
    }
    FloatNdArray value = chunk.get(k);
    chunk.set(k, null);
    return value;
  }

  /** One run for the values from {@code index} on, up to {@code chunkBytes} (at least one value). */
  private void fetch(int index) {
    chunk = List.of(); // the previous chunk goes before the next comes
    List<KerasVariable> vs = new ArrayList<>();
    long bytes = 0;
    for (int i = index; i < datasets.size(); i++) {
      long b = datasets.get(i).getSizeInBytes();
      if (!vs.isEmpty() && bytes + b > chunkBytes) {
        break;
      }
      vs.add(datasets.get(i).variable());
      bytes += b;
    }
    List<FloatNdArray> got = KerasVariable.getValues(vs);
    if (got.size() != vs.size()) {
      throw new HdfWritingException("Read " + got.size() + " values for " + vs.size() + " weights");
    }
    chunk = new ArrayList<>(got);
    first = index;
  }
}
