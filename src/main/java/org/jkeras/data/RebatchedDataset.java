package org.jkeras.data;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * tf.data's {@code batch(batch_size, drop_remainder)} on a dataset of single elements (see {@link
 * Dataset#unbatch}): consecutive elements stacked by {@code batchSize}, the last batch smaller
 * unless {@code dropRemainder}. Batching a dataset of batches (which tf.data allows, adding an
 * axis) is refused: jkeras's models take one batch axis.
 */
final class RebatchedDataset extends DatasetStage {
  private final int batchSize;
  private final boolean dropRemainder;

  RebatchedDataset(Dataset source, int batchSize, boolean dropRemainder) {
    super(source);
    if (batchSize <= 0) {
      throw new IllegalArgumentException(
          "Received an invalid value for `batch_size`, expected a positive integer. Received: batch_size=" + batchSize);
    }
    if (source.isBatched()) {
      throw new IllegalArgumentException("`batch` stacks single elements, and this dataset is already batched (batch_size="
          + source.batchSize() + "): call `unbatch()` first, as in ds.unbatch().batch(" + batchSize + ").");
    }
    this.batchSize = batchSize;
    this.dropRemainder = dropRemainder;
  }

  @Override
  public boolean isBatched() {
    return true;
  }

  @Override
  public int batchSize() {
    return batchSize;
  }

  @Override
  public long size() {
    long n = source.size();
    return n == INFINITE || !dropRemainder ? n : n / batchSize * batchSize;
  }

  @Override
  public long cardinality() {
    long n = source.size();
    return n == INFINITE ? INFINITE : dropRemainder ? n / batchSize : (n + batchSize - 1) / batchSize;
  }

  @Override
  public BatchIterator iterator() {
    BatchIterator it = source.iterator();
    return new BatchIterator() {
      private Batch pending;

      @Override
      public boolean hasNext() {
        if (pending == null) {
          List<Batch> rows = new ArrayList<>(batchSize);
          while (rows.size() < batchSize && it.hasNext()) {
            rows.add(Batches.copy(it.next()));
          }
          if (!rows.isEmpty() && (rows.size() == batchSize || !dropRemainder)) {
            pending = Batches.stack(rows);
          }
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
        it.close();
      }
    };
  }
}
