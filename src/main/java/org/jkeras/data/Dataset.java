package org.jkeras.data;

import java.nio.file.Path;
import java.util.List;
import org.jkeras.layers.Lambda;
import org.jkeras.layers.Layer;
import org.tensorflow.ndarray.Shape;

/**
 * A source of (inputs, labels[, sample weights]), like a {@code tf.data.Dataset}: each call of
 * {@link #iterator()} is one pass (an epoch), reshuffled when the dataset shuffles. A model of
 * several inputs or outputs takes one array of each per batch. Datasets chain as tf.data's do:
 *
 * <pre>{@code
 * Dataset train = imageDatasetFromDirectory(dir, imageSize(224, 224), batchSize(32))
 *     .map(augmentation)          // ds.map(lambda x, y: (augmentation(x, training=True), y))
 *     .cache(Path.of("train.cache"))
 *     .prefetch(PrefetchedDataset.AUTOTUNE);
 * Dataset elements = train.unbatch().shuffle(1000, 42L).batch(64).take(10);
 * }</pre>
 *
 * Most datasets yield batches; {@link #unbatch()} yields single elements (each a batch of one,
 * {@link #isBatched()} false), which {@link #batch(int)} groups again. {@code fit} takes batched
 * datasets, and one repeated forever ({@link #INFINITE}) with {@code stepsPerEpoch}.
 */
public interface Dataset {
  /** tf.data's {@code INFINITE_CARDINALITY}: the size and cardinality of a dataset repeated forever. */
  long INFINITE = -1;

  /** Shape of one input sample, without the batch dimension, e.g. (224, 224, 3). */
  Shape elementShape();

  /** Shape of one label, without the batch dimension ((1,) for binary labels, () for int labels); null if unlabelled. */
  Shape labelShape();

  /** Shapes of one sample of each input, in the model's input order; by default the one {@link #elementShape()}. */
  default List<Shape> elementShapes() {
    return List.of(elementShape());
  }

  /** Shapes of one label of each labelled output; by default the one {@link #labelShape()}, none if unlabelled. */
  default List<Shape> labelShapes() {
    Shape s = labelShape();
    return s == null ? List.of() : List.of(s);
  }

  /** True when every batch carries sample weights ({@link Batch#sampleWeights()}, one vector per output). */
  default boolean hasSampleWeights() {
    return false;
  }

  int batchSize();

  /** Samples per pass, or {@link #INFINITE}. */
  long size();

  /** Batches (elements, when not batched) per pass, or {@link #INFINITE}. */
  default long cardinality() {
    return size() == INFINITE ? INFINITE : (size() + batchSize() - 1) / batchSize();
  }

  /** False for a dataset of single elements ({@link #unbatch()}): each of its batches holds one element. */
  default boolean isBatched() {
    return true;
  }

  /** Class names in label order, when the labels are classes (empty otherwise). */
  default List<String> classNames() {
    return List.of();
  }

  /** One pass over the data. */
  BatchIterator iterator();

  /**
   * tf.data's {@code ds.map(lambda x, y: (layer(x, training=True), y))} with parallel calls and
   * prefetch: the inputs go through {@code layer} (preprocessing layers, e.g. a {@code Sequential}
   * of {@code RandomFlip} and {@code RandomRotation}) on background threads. See {@link MappedDataset}.
   */
  default MappedDataset map(Layer layer) {
    return new MappedDataset(this, layer);
  }

  /**
   * tf.data's {@code ds.map(lambda x, y: (f(x), y))} with a function of graph tensors, e.g. {@code
   * ds.map((tf, x) -> tf.math.div(x, tf.constant(255f)))}, run as {@link #map(Layer)} runs a
   * layer. On a dataset of single elements the function sees one element (no batch axis), as in
   * tf.data; on a batched one, the batch.
   */
  default MappedDataset map(Lambda.Function function) {
    return MappedDataset.of(this, function);
  }

  /** tf.data's {@code unbatch()}: the elements one by one (see {@link UnbatchedDataset}). */
  default Dataset unbatch() {
    return new UnbatchedDataset(this);
  }

  /** tf.data's {@code batch(batch_size)} of single elements: the last batch may be smaller. */
  default Dataset batch(int batchSize) {
    return batch(batchSize, false);
  }

  /** tf.data's {@code batch(batch_size, drop_remainder)} (see {@link RebatchedDataset}). */
  default Dataset batch(int batchSize, boolean dropRemainder) {
    return new RebatchedDataset(this, batchSize, dropRemainder);
  }

  /** tf.data's {@code shuffle(buffer_size)}: no seed, reshuffled each pass (see {@link ShuffledDataset}). */
  default ShuffledDataset shuffle(long bufferSize) {
    return shuffle(bufferSize, null, true);
  }

  /** tf.data's {@code shuffle(buffer_size, seed)}, reshuffled each pass. */
  default ShuffledDataset shuffle(long bufferSize, Long seed) {
    return shuffle(bufferSize, seed, true);
  }

  /** tf.data's {@code shuffle(buffer_size, seed, reshuffle_each_iteration)} (see {@link ShuffledDataset}). */
  default ShuffledDataset shuffle(long bufferSize, Long seed, boolean reshuffleEachIteration) {
    return new ShuffledDataset(this, bufferSize, seed, reshuffleEachIteration);
  }

  /** tf.data's {@code repeat()}: forever ({@link #INFINITE}). */
  default Dataset repeat() {
    return repeat(-1);
  }

  /** tf.data's {@code repeat(count)}: {@code count} passes in one ({@code -1}: forever; see {@link RepeatedDataset}). */
  default Dataset repeat(long count) {
    return new RepeatedDataset(this, count);
  }

  /** tf.data's {@code take(count)}: the first {@code count} items of a pass ({@code -1}: all). */
  default Dataset take(long count) {
    return new SkipTakeDataset(this, 0, count);
  }

  /** tf.data's {@code skip(count)}: a pass without its first {@code count} items. */
  default Dataset skip(long count) {
    return new SkipTakeDataset(this, count, -1);
  }

  /** tf.data's {@code cache()}: the first complete pass kept in memory and replayed (see {@link CachedDataset}). */
  default CachedDataset cache() {
    return new CachedDataset(this, null);
  }

  /**
   * tf.data's {@code cache(filename)}: the first complete pass written to {@code file} and read from
   * it afterwards, also by later runs. A path holding anything but a cache jkeras wrote is refused.
   */
  default CachedDataset cache(Path file) {
    if (file == null) {
      throw new IllegalArgumentException("Received an invalid value for `filename`: null (call cache() for memory).");
    }
    return new CachedDataset(this, file);
  }

  /** tf.data's {@code prefetch(buffer_size)}: items read ahead on a background thread (see {@link PrefetchedDataset}). */
  default Dataset prefetch(int bufferSize) {
    return new PrefetchedDataset(this, bufferSize);
  }

  /**
   * tf.data's {@code shard(num_shards, index)} on this batched dataset: every {@code num_shards}-th
   * batch from batch {@code index}, the same number of batches in every shard (see {@link
   * ShardedDataset}). With a multi-worker strategy, worker {@code i} of {@code n} trains on {@code
   * shard(n, i)}: its batch size is then the per-worker batch, and the global batch {@code n} times it.
   */
  default Dataset shard(int numShards, int index) {
    return new ShardedDataset(this, numShards, index);
  }

  /**
   * True when this dataset already yields one worker's part of the data ({@link #shard}, {@link
   * BatchSlices}): a multi-worker strategy takes it as it is instead of splitting its batches again.
   */
  default boolean isSharded() {
    return false;
  }
}
