package org.jkeras.data;

import java.util.NoSuchElementException;

/**
 * tf.data's {@code skip(count)} and {@code take(count)}: the items (batches, or elements of an
 * unbatched dataset) of each pass from position {@code skip}, at most {@code take} of them ({@code
 * take} -1: all the rest). {@code ds.take(n)} of an infinitely repeated dataset is finite. (tf.data's
 * {@code skip(-1)}, which skips everything, is refused: on a repeated dataset it would never end.)
 *
 * <p>{@link #size()} counts full batches but the source's last, which is exact for a batched
 * dataset in its own order and an upper bound when a partial batch can come earlier (a batched
 * dataset shuffled or repeated before the skip or take).
 */
final class SkipTakeDataset extends DatasetStage {
  private final long skip;
  private final long take;

  SkipTakeDataset(Dataset source, long skip, long take) {
    super(source);
    if (skip < 0) {
      throw new IllegalArgumentException("Received an invalid value for `count` of `skip`, expected a non-negative integer."
          + " Received: count=" + skip);
    }
    if (take < -1) {
      throw new IllegalArgumentException("Received an invalid value for `count` of `take`, expected -1 (all) or a"
          + " non-negative integer. Received: count=" + take);
    }
    this.skip = skip;
    this.take = take;
  }

  @Override
  public long cardinality() {
    long card = source.cardinality();
    if (card == INFINITE) {
      return take == -1 ? INFINITE : take;
    }
    long rest = Math.max(0, card - skip);
    return take == -1 ? rest : Math.min(rest, take);
  }

  @Override
  public long size() {
    long count = cardinality();
    if (count == INFINITE || !source.isBatched()) {
      return count;
    }
    long card = source.cardinality();
    long full = (long) source.batchSize() * count;
    if (card == INFINITE || count == 0 || skip + count < card) {
      return full;
    }
    long last = source.size() - (card - 1) * source.batchSize(); // the source's last batch is among these
    return full - source.batchSize() + last;
  }

  @Override
  public BatchIterator iterator() {
    BatchIterator it = source.iterator();
    return new BatchIterator() {
      private long skipped;
      private long taken;

      @Override
      public boolean hasNext() {
        while (skipped < skip && it.hasNext()) {
          it.next();
          skipped++;
        }
        return (take == -1 || taken < take) && it.hasNext();
      }

      @Override
      public Batch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        taken++;
        return it.next();
      }

      @Override
      public void close() {
        it.close();
      }
    };
  }
}
