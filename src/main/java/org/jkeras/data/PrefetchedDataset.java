package org.jkeras.data;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.types.TFloat32;

/**
 * tf.data's {@code prefetch(buffer_size)}: the input pipeline's threads ({@link Prefetcher}) read
 * up to {@code bufferSize} items ahead of the one in use, so that reading the source (decoding, mapping) overlaps with the
 * training step. The items are copied into TF tensors allocated once per slot and shape, which the
 * training step feeds as they are. {@code bufferSize} -1 is tf.data's {@code AUTOTUNE} (here 2).
 */
public final class PrefetchedDataset extends DatasetStage {
  /** tf.data's {@code AUTOTUNE}. */
  public static final int AUTOTUNE = -1;
  private final int bufferSize;

  PrefetchedDataset(Dataset source, int bufferSize) {
    super(source);
    if (bufferSize < -1) {
      throw new IllegalArgumentException("Received an invalid value for `buffer_size`, expected a non-negative integer or"
          + " AUTOTUNE (-1). Received: buffer_size=" + bufferSize);
    }
    this.bufferSize = bufferSize == AUTOTUNE ? 2 : bufferSize;
  }

  @Override
  public long size() {
    return source.size();
  }

  @Override
  public long cardinality() {
    return source.cardinality();
  }

  @Override
  public BatchIterator iterator() {
    return bufferSize == 0 ? source.iterator()
        : new Prefetcher<>(new Ahead(source.iterator()), 0, bufferSize);
  }

  /** One item's tensors, reused from item to item. */
  private static final class Slot {
    final List<TFloat32> tensors = new ArrayList<>();
    Batch batch;

    void fill(Batch b) {
      List<FloatNdArray> src = new ArrayList<>(b.xs());
      src.addAll(b.ys());
      src.addAll(b.sampleWeights());
      for (int k = 0; k < src.size(); k++) {
        if (k == tensors.size() || !tensors.get(k).shape().equals(src.get(k).shape())) {
          TFloat32 t = TFloat32.tensorOf(src.get(k).shape());
          if (k == tensors.size()) {
            tensors.add(t);
          } else {
            tensors.set(k, t).close();
          }
        }
        src.get(k).copyTo(tensors.get(k));
      }
      List<FloatNdArray> views = new ArrayList<>(tensors.subList(0, src.size()));
      int nx = b.xs().size();
      int ny = b.ys().size();
      batch = new Batch(views.subList(0, nx), views.subList(nx, nx + ny), views.subList(nx + ny, views.size()), b.size());
    }
  }

  /** A pass: the source's items copied into the slots, read ahead by the pipeline's {@link Prefetcher}. */
  private static final class Ahead implements PipelineStage<Slot> {
    private final BatchIterator it;

    Ahead(BatchIterator it) {
      this.it = it;
    }

    @Override
    public Slot newSlot() {
      return new Slot();
    }

    @Override
    public boolean read(Slot s, Prefetcher<Slot> pipeline) {
      if (!it.hasNext()) {
        return false;
      }
      s.fill(it.next());
      return true;
    }

    @Override
    public Batch batch(Slot s) {
      return s.batch;
    }

    @Override
    public void free(Slot s) {
      s.tensors.forEach(TFloat32::close);
    }

    @Override
    public void close() {
      it.close();
    }
  }
}
