package org.jkeras.saving;

import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import io.jhdf.object.datatype.OrderedDataType;
import io.jhdf.storage.HdfFileChannel;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.jkeras.backend.KerasVariable;
import org.jkeras.backend.ValueSnapshot;

/**
 * The values of the {@link StreamedFloatDataset}s of an HDF5 tree, read from the graph in the
 * order jHDF writes them, a chunk of at most {@code chunkBytes} per run ({@link ValueSnapshot}:
 * the tensors of a run share the variables' memory), and copied to the file through one small
 * buffer: saving a model holds none of its values on the Java heap and makes no array per value.
 * The default chunk is everything: one run per graph, since each run costs a Grappler pass.
 *
 * <p>jHDF keeps a group's children in a hash map and writes them in its iteration order, not
 * in the order they were added; {@link #plan} walks the tree in that same order. A value asked
 * for out of that order is fetched again (correct, only slower).
 */
final class ValueChunks implements AutoCloseable {
  /** The default chunk: all values, in one run per graph (they cost no memory of their own). */
  static final long DEFAULT_CHUNK_BYTES = Long.MAX_VALUE;

  /** Floats copied to the file per write. */
  private static final int BUFFER_FLOATS = 1 << 18;

  private final List<StreamedFloatDataset> datasets;
  private final long chunkBytes;
  private final ByteBuffer buffer;
  private final float[] floats = new float[BUFFER_FLOATS];
  /** The values of the current chunk: datasets {@code first} to {@code first + count - 1}. */
  private ValueSnapshot chunk;
  private int first;
  private int count;

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
    if (index < first || index >= first + count) {
      fetch(index);
    }
    long size = datasets.get(index).getSize();
    for (long off = 0; off < size; off += BUFFER_FLOATS) {
      int n = (int) Math.min(BUFFER_FLOATS, size - off);
      chunk.read(index - first, off, floats, 0, n);
      buffer.clear();
      buffer.asFloatBuffer().put(floats, 0, n);
      buffer.limit(n * Float.BYTES);
      channel.write(buffer, at + off * Float.BYTES);
    }
  }

  /** One run for the values from {@code index} on, up to {@code chunkBytes} (at least one value); the previous chunk is let go first. */
  private void fetch(int index) {
    close();
    List<KerasVariable> vs = new ArrayList<>();
    Set<KerasVariable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    long bytes = 0;
    for (int i = index; i < datasets.size(); i++) {
      long n = datasets.get(i).getSize() * Float.BYTES;
      KerasVariable v = datasets.get(i).variable();
      // A variable written twice (a LossScaleOptimizer's inner slots) ends the chunk: one run fetches each once.
      if (!vs.isEmpty() && (n > chunkBytes - bytes || seen.contains(v))) {
        break;
      }
      seen.add(v);
      vs.add(v);
      bytes += n;
    }
    chunk = ValueSnapshot.of(vs);
    first = index;
    count = vs.size();
  }

  /** Lets the values of the current chunk go. */
  @Override
  public void close() {
    if (chunk != null) {
      chunk.close();
      chunk = null;
      count = 0;
    }
  }
}
