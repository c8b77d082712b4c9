package org.jkeras.trainers;

import org.jkeras.data.Batch;
import org.jkeras.data.BatchIterator;
import org.jkeras.data.Dataset;

/**
 * The batches of {@code fit}'s epochs, as Keras 3's {@code EpochIterator}. Without {@code
 * steps_per_epoch} each epoch is a new pass over the dataset. With it, one iterator outlives the
 * epochs: an endless ({@code repeat()}) dataset's order goes on from epoch to epoch instead of
 * restarting, and a finite one too, until it has yielded a whole pass (its cardinality): then the
 * epoch ends there, with Keras's "ran out of data" warning, and the next epoch starts a new pass.
 * A pass that ends before its announced cardinality (image files skipped) ends the epoch the same way.
 */
final class EpochIterator implements AutoCloseable {
  private final Dataset data;
  private final Integer stepsPerEpoch;
  private final long numBatches;
  private BatchIterator current;
  /** Batches taken from {@link #current} (Keras's {@code _steps_seen}). */
  private long stepsSeen;
  private long stepInEpoch;
  private boolean warned;

  EpochIterator(Dataset data, Integer stepsPerEpoch) {
    this.data = data;
    this.stepsPerEpoch = stepsPerEpoch;
    this.numBatches = data.cardinality();
  }

  /**
   * The callbacks' {@code steps} (the progress bar's target), as Keras's {@code num_batches}: {@code
   * steps_per_epoch} when given, even beyond what a finite dataset holds (the epoch then ends early,
   * with Keras's warning), else the dataset's batches.
   */
  long steps() {
    return stepsPerEpoch != null ? stepsPerEpoch : numBatches;
  }

  /** Starts an epoch: a new pass unless {@code steps_per_epoch} keeps the one under way. */
  void beginEpoch() {
    if (current == null || stepsPerEpoch == null) {
      reset();
      current = data.iterator();
    }
    stepInEpoch = 0;
  }

  /** The epoch's next batch, or null when the epoch ends. */
  Batch next() {
    long limit = stepsPerEpoch != null ? stepsPerEpoch : numBatches;
    if (stepInEpoch >= limit) {
      return null;
    }
    if (numBatches != Dataset.INFINITE && stepsSeen >= numBatches) {
      ranOut(); // Keras breaks here, and warns when steps_per_epoch asked for more
      return null;
    }
    if (!current.hasNext()) {
      ranOut();
      reset();
      return null;
    }
    stepsSeen++;
    stepInEpoch++;
    return current.next();
  }

  /** Ends an epoch: a pass wholly taken is closed, the next epoch starts a new one. */
  void endEpoch() {
    if (numBatches != Dataset.INFINITE && stepsSeen >= numBatches) {
      reset();
    }
  }

  private void ranOut() {
    if (stepsPerEpoch != null && !warned) {
      warned = true;
      System.err.println("WARNING: Your input ran out of data; interrupting training. Make sure that your dataset or"
          + " generator can generate at least `steps_per_epoch * epochs` batches. You may need to use the `.repeat()`"
          + " function when building your dataset.");
    }
  }

  private void reset() {
    if (current != null) {
      current.close();
      current = null;
    }
    stepsSeen = 0;
  }

  @Override
  public void close() {
    reset();
  }
}
