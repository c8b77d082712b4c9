package org.jkeras.data;

import java.util.NoSuchElementException;

/**
 * tf.data's {@code unbatch()}: the elements of a batched dataset one by one. Each batch it yields
 * holds one element (arrays of shape (1, ...)); {@link #isBatched()} is false, so that {@code
 * batch(n)} regroups them and {@code fit} asks for a {@code batch} first.
 */
final class UnbatchedDataset extends DatasetStage {
  UnbatchedDataset(Dataset source) {
    super(source);
    if (!source.isBatched()) {
      throw new IllegalArgumentException("`unbatch` splits batches into elements: this dataset already yields single"
          + " elements (it was unbatched).");
    }
  }

  @Override
  public boolean isBatched() {
    return false;
  }

  @Override
  public int batchSize() {
    return 1;
  }

  @Override
  public long size() {
    return source.size();
  }

  @Override
  public long cardinality() {
    return source.size();
  }

  @Override
  public BatchIterator iterator() {
    BatchIterator it = source.iterator();
    return new BatchIterator() {
      private Batch current;
      private int row;

      @Override
      public boolean hasNext() {
        while ((current == null || row >= current.size()) && it.hasNext()) {
          current = it.next();
          row = 0;
        }
        return current != null && row < current.size();
      }

      @Override
      public Batch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return Batches.row(current, row++);
      }

      @Override
      public void close() {
        it.close();
      }
    };
  }
}
