package org.jkeras.saving;

import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import io.jhdf.exceptions.HdfWritingException;
import io.jhdf.object.datatype.OrderedDataType;
import io.jhdf.storage.HdfFileChannel;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.jkeras.backend.KerasVariable;

/**
 * The values of the {@link StreamedFloatDataset}s of an HDF5 tree, read from the graph a chunk
 * of at most {@code chunkBytes} at a time (one run each, into one reused array) in the order jHDF
 * writes them, so that saving a model holds only a chunk of its values on the Java heap instead
 * of all of them (and makes no array per value).
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
  /** The values of the current chunk, one after another. */
  private float[] store;
  private int[] offsets;
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
    int start = offsets[index - first];
    int size = Math.toIntExact(datasets.get(index).getSize());
    for (int off = 0; off < size; off += BUFFER_FLOATS) {
      int n = Math.min(BUFFER_FLOATS, size - off);
      buffer.clear();
      FloatBuffer floats = buffer.asFloatBuffer();
      floats.put(store, start + off, n);
      buffer.limit(n * Float.BYTES);
      channel.write(buffer, at + (long) off * Float.BYTES);
    }
  }

  /**
   * One run for the values from {@code index} on, up to {@code chunkBytes} (at least one value),
   * into {@link #store}, which is reused from chunk to chunk.
   */
  private void fetch(int index) {
    List<KerasVariable> vs = new ArrayList<>();
    Set<KerasVariable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    long floats = 0;
    for (int i = index; i < datasets.size(); i++) {
      long n = datasets.get(i).getSize();
      KerasVariable v = datasets.get(i).variable();
      // A variable written twice (a LossScaleOptimizer's inner slots) ends the chunk: one run fetches each once.
      if (!vs.isEmpty() && ((floats + n) * Float.BYTES > chunkBytes || seen.contains(v))) {
        break;
      }
      seen.add(v);
      vs.add(v);
      floats += n;
    }
    if (floats > Integer.MAX_VALUE - 8) {
      throw new HdfWritingException("A chunk of " + floats + " values is more than one Java array holds");
    }
    if (store == null || store.length < floats) {
      store = null; // the previous store goes before the larger one comes
      store = new float[(int) floats];
    }
    count = 0;
    KerasVariable.copyValues(vs, store);
    offsets = new int[vs.size()];
    int off = 0;
    for (int k = 0; k < vs.size(); k++) {
      offsets[k] = off;
      off += (int) vs.get(k).size();
    }
    first = index;
    count = vs.size();
  }
}
