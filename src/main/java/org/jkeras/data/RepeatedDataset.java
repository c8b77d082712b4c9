package org.jkeras.data;

import java.util.NoSuchElementException;

/**
 * tf.data's {@code repeat(count)}: the source's passes one after the other, {@code count} times, or
 * forever for {@code count} -1 ({@link Dataset#INFINITE} size and cardinality: {@code fit} then needs
 * {@code stepsPerEpoch}). Each repetition is a new pass of the source, so a shuffled source is
 * reshuffled every time, as in tf.data. A repetition that yields nothing ends the repeat.
 */
final class RepeatedDataset extends DatasetStage {
  private final long count;

  RepeatedDataset(Dataset source, long count) {
    super(source);
    if (count < -1) {
      throw new IllegalArgumentException("Received an invalid value for `count`, expected -1 (forever) or a non-negative"
          + " integer. Received: count=" + count);
    }
    this.count = count;
  }

  @Override
  public long size() {
    return count == -1 || source.size() == INFINITE ? INFINITE : source.size() * count;
  }

  @Override
  public long cardinality() {
    return count == -1 || source.cardinality() == INFINITE ? INFINITE : source.cardinality() * count;
  }

  @Override
  public BatchIterator iterator() {
    return new BatchIterator() {
      private BatchIterator it;
      private long started;
      private boolean yieldedThisPass;

      @Override
      public boolean hasNext() {
        while (it == null || !it.hasNext()) {
          boolean emptyPass = it != null && !yieldedThisPass;
          if (it != null) {
            it.close();
            it = null;
          }
          if (emptyPass || (count != -1 && started >= count)) {
            return false;
          }
          it = source.iterator();
          started++;
          yieldedThisPass = false;
        }
        return true;
      }

      @Override
      public Batch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        yieldedThisPass = true;
        return it.next();
      }

      @Override
      public void close() {
        if (it != null) {
          it.close();
          it = null;
        }
      }
    };
  }
}
