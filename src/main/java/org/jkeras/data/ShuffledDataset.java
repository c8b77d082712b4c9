package org.jkeras.data;

import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * tf.data's {@code shuffle(buffer_size, seed, reshuffle_each_iteration=True)} of the items of a
 * dataset (its batches, or its elements once unbatched): each pass visits them in the order TF's
 * own shuffle gives (see {@link TfShuffle}), so the same seed gives tf.data's order, reshuffled
 * every pass unless {@code reshuffleEachIteration} is false. As in tf.data, at most {@code
 * bufferSize} items are held (copied: a source may reuse its arrays): an item can only come out
 * once it is among the next {@code bufferSize} not yet taken, so a buffer smaller than the dataset
 * shuffles locally, and a buffer of the dataset's size shuffles it uniformly.
 *
 * <p>The source must be finite (shuffle before {@code repeat()}); if it yields fewer items than it
 * announces (image files skipped as unreadable), the positions it does not reach are left out.
 */
public final class ShuffledDataset extends DatasetStage {
  private final long bufferSize;
  private final Long seed;
  private final boolean reshuffle;
  private TfShuffle order;

  ShuffledDataset(Dataset source, long bufferSize, Long seed, boolean reshuffleEachIteration) {
    super(source);
    if (bufferSize <= 0) {
      throw new IllegalArgumentException("Received an invalid value for `buffer_size`, expected a positive integer."
          + " Received: buffer_size=" + bufferSize);
    }
    if (source.cardinality() == INFINITE || source.cardinality() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("`shuffle` needs a finite dataset (at most 2^31 - 1 items): shuffle before"
          + " repeating, as in ds.shuffle(" + bufferSize + ").repeat(). Received: a dataset of cardinality "
          + (source.cardinality() == INFINITE ? "INFINITE" : source.cardinality()) + ".");
    }
    this.bufferSize = bufferSize;
    this.seed = seed;
    this.reshuffle = reshuffleEachIteration;
  }

  @Override
  public long size() {
    return source.size();
  }

  @Override
  public long cardinality() {
    return source.cardinality();
  }

  private synchronized int[] nextOrder() {
    if (order == null) {
      order = new TfShuffle((int) source.cardinality(), bufferSize, seed, reshuffle);
    }
    return order.nextOrder();
  }

  @Override
  public BatchIterator iterator() {
    int[] positions = nextOrder();
    BatchIterator it = source.iterator();
    return new BatchIterator() {
      private final Map<Integer, Batch> buffer = new HashMap<>();
      private int read;
      private int next;
      private Batch pending;

      @Override
      public boolean hasNext() {
        while (pending == null && next < positions.length) {
          int wanted = positions[next++];
          while (read <= wanted && it.hasNext()) {
            buffer.put(read++, Batches.copy(it.next()));
          }
          pending = buffer.remove(wanted); // null: the source ended before this position
        }
        return pending != null;
      }

      @Override
      public Batch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Batch b = pending;
        pending = null;
        return b;
      }

      @Override
      public void close() {
        buffer.clear();
        it.close();
      }
    };
  }

  /** Frees the shuffling graph, and closes the source. */
  @Override
  public synchronized void close() {
    if (order != null) {
      order.close();
      order = null;
    }
    super.close();
  }
}
