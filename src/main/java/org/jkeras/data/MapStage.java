package org.jkeras.data;

import org.jkeras.backend.GraphContext;
import org.tensorflow.Result;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * One pass of a {@link MappedDataset} as a {@link Prefetcher} stage: each source batch copied into a
 * slot of its own (the source reuses its arrays for its next batch; the copy is TF tensor to TF
 * tensor), then run through the layers' graph on the pipeline's threads, several batches at once.
 */
final class MapStage implements PipelineStage<MapStage.Slot> {
  private final MappedDataset mapped;
  private final GraphContext graph;
  private final BatchIterator source;

  MapStage(MappedDataset mapped, GraphContext graph, BatchIterator source) {
    this.mapped = mapped;
    this.graph = graph;
    this.source = source;
  }

  /** One batch's buffers, reused from batch to batch (allocated once per batch size). */
  static final class Slot {
    TFloat32 x;
    FloatNdArray y;
    int size;
    Result result;

    void release() {
      if (result != null) {
        result.close();
        result = null;
      }
    }

    void free() {
      release();
      if (x != null) {
        x.close();
        x = null;
      }
    }
  }

  @Override
  public Slot newSlot() {
    return new Slot();
  }

  @Override
  public boolean read(Slot s, Prefetcher<Slot> pipeline) {
    if (!source.hasNext()) {
      return false;
    }
    Batch b = source.next();
    Shape xs = b.x().shape();
    if (s.x == null || !s.x.shape().equals(xs)) {
      if (s.x != null) {
        s.x.close();
      }
      s.x = TFloat32.tensorOf(xs);
    }
    if (b.y() != null && (s.y == null || !s.y.shape().equals(b.y().shape()))) {
      s.y = NdArrays.ofFloats(b.y().shape());
    }
    b.x().copyTo(s.x);
    if (b.y() != null) {
      b.y().copyTo(s.y);
    }
    s.size = b.size();
    return true;
  }

  @Override
  public void transform(Slot s, long step) {
    try {
      s.result = mapped.transform(graph, s.x, step);
    } catch (RuntimeException e) {
      throw mapped.failure(e);
    }
  }

  @Override
  public Batch batch(Slot s) {
    return new Batch((TFloat32) s.result.get(0), s.y, s.size);
  }

  @Override
  public void recycle(Slot s) {
    s.release();
  }

  @Override
  public void free(Slot s) {
    s.free();
  }

  @Override
  public void close() {
    source.close();
  }
}
