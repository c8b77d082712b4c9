package org.jkeras.data;

import java.util.NoSuchElementException;

/**
 * tf.data's {@code dataset.shard(num_shards, index)} on a batched dataset: the batches {@code index},
 * {@code index + num_shards}, {@code index + 2 * num_shards}... (see {@link Dataset#shard}). Every
 * shard has the same number of batches, {@code cardinality / num_shards}: the last {@code
 * cardinality % num_shards} batches of a pass are left out, so that workers training together run
 * the same number of steps.
 */
final class ShardedDataset extends DatasetStage {
  private final int numShards;
  private final int index;

  ShardedDataset(Dataset source, int numShards, int index) {
    super(source);
    if (numShards < 1) {
      throw new IllegalArgumentException("Received an invalid value for `num_shards`, expected a positive integer. Received:"
          + " num_shards=" + numShards);
    }
    if (index < 0 || index >= numShards) {
      throw new IllegalArgumentException("Received an invalid value for `index`, expected 0 <= index < num_shards="
          + numShards + ". Received: index=" + index);
    }
    if (source.cardinality() < numShards) {
      throw new IllegalArgumentException("The dataset has " + source.cardinality() + " batch(es), fewer than num_shards="
          + numShards + ": some shards would have no batch. Use a smaller batch size or fewer shards.");
    }
    this.numShards = numShards;
    this.index = index;
  }

  @Override
  public long cardinality() {
    return source.cardinality() / numShards;
  }

  /** The samples of this shard's batches: all full but the source's last, when it is one of them. */
  @Override
  public long size() {
    long batches = cardinality();
    long lastIndex = index + (batches - 1) * numShards;
    boolean holdsLast = lastIndex == source.cardinality() - 1;
    long lastSize = source.size() - (source.cardinality() - 1) * source.batchSize();
    return batches * source.batchSize() - (holdsLast ? source.batchSize() - lastSize : 0);
  }

  @Override
  public boolean isSharded() {
    return true;
  }

  @Override
  public BatchIterator iterator() {
    BatchIterator it = source.iterator();
    long batches = cardinality();
    return new BatchIterator() {
      private long position = -1;
      private long taken;

      @Override
      public boolean hasNext() {
        return taken < batches;
      }

      @Override
      public Batch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        long wanted = index + taken * numShards;
        Batch b = null;
        while (position < wanted) {
          if (!it.hasNext()) {
            throw new NoSuchElementException("The dataset ended before batch " + wanted + " of shard " + index);
          }
          b = it.next();
          position++;
        }
        taken++;
        return b;
      }

      @Override
      public void close() {
        it.close();
      }
    };
  }
}
