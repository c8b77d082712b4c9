package org.jkeras.data;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.types.TFloat32;

/**
 * tf.data's {@code prefetch(buffer_size)}: a background thread reads up to {@code bufferSize}
 * items ahead of the one in use, so that reading the source (decoding, mapping) overlaps with the
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
    return bufferSize == 0 ? source.iterator() : new Ahead(source.iterator(), bufferSize);
  }

  /** One item's tensors, reused from item to item. */
  private static final class Slot {
    final List<TFloat32> tensors = new ArrayList<>();
    Batch batch;
    RuntimeException failure;
    boolean end;

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

  private static final Slot END = new Slot();

  static {
    END.end = true;
  }

  private static final class Ahead implements BatchIterator {
    private final BatchIterator it;
    private final BlockingQueue<Slot> free;
    private final BlockingQueue<Slot> ready;
    private final List<Slot> slots = new ArrayList<>();
    private final Thread reader;
    private Slot inUse;
    private Slot pending;

    Ahead(BatchIterator it, int bufferSize) {
      this.it = it;
      this.free = new ArrayBlockingQueue<>(bufferSize + 1);
      this.ready = new ArrayBlockingQueue<>(bufferSize + 2);
      for (int i = 0; i < bufferSize + 1; i++) {
        Slot s = new Slot();
        slots.add(s);
        free.add(s);
      }
      reader = new Thread(this::read, "jkeras-prefetch");
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      try {
        while (true) {
          Slot s = free.take();
          try {
            if (!it.hasNext()) {
              ready.put(END);
              return;
            }
            s.fill(it.next());
          } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
              return; // closed while the source was loading
            }
            s.failure = e;
            ready.put(s);
            return;
          }
          ready.put(s);
        }
      } catch (InterruptedException e) {
        // closed
      }
    }

    @Override
    public boolean hasNext() {
      if (pending == null) {
        try {
          pending = ready.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Interrupted while waiting for a prefetched batch", e);
        }
        if (pending.failure != null) {
          RuntimeException e = pending.failure;
          pending = null;
          throw e;
        }
      }
      return !pending.end;
    }

    @Override
    public Batch next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      if (inUse != null) {
        free.add(inUse); // the previous batch is no longer in use (Batch contract)
      }
      inUse = pending;
      pending = null;
      return inUse.batch;
    }

    @Override
    public void close() {
      reader.interrupt();
      try {
        reader.join(TimeUnit.MINUTES.toMillis(1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      it.close();
      for (Slot s : slots) {
        s.tensors.forEach(TFloat32::close);
      }
      pending = null;
      inUse = null;
    }
  }
}
