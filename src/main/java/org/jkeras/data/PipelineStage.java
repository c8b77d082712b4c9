package org.jkeras.data;

/**
 * One pass of a dataset stage (image decoding, a map, a prefetch, an {@code ImageDataGenerator}
 * flow) as the input pipeline's {@link Prefetcher} drives it: items read in order into slots
 * (buffers reused from item to item), each then maybe transformed on the pipeline's threads, and
 * handed out in order. For jkeras's own datasets, and a custom {@link Dataset} that wants its
 * batches made on the same threads.
 */
public interface PipelineStage<S> {
  /** A new slot: the buffers of one item. */
  S newSlot();

  /**
   * Reads the next item of the pass into {@code slot}; false at the end of the pass. Called in
   * order, on one task at a time; {@code pipeline} runs work in parallel ({@link Prefetcher#parallel}).
   */
  boolean read(S slot, Prefetcher<S> pipeline) throws Exception;

  /** The parallel part of an item, numbered {@code step}: on up to {@code parallel} tasks at once. */
  default void transform(S slot, long step) throws Exception {}

  /** The batch held in {@code slot}. */
  Batch batch(S slot);

  /** The batch of {@code slot} is no longer in use: free what the next item does not reuse. */
  default void recycle(S slot) {}

  /** The pass ended after {@code items} items (its last {@link #read} said so). */
  default void ended(long items) {}

  /** Frees the slot's buffers (the pass is over; no task uses them). */
  void free(S slot);

  /** Closes what the pass reads from, once none of its tasks runs. */
  void close();
}
