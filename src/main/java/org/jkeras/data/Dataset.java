package org.jkeras.data;

import java.util.List;
import org.jkeras.layers.Layer;
import org.tensorflow.ndarray.Shape;

/**
 * A finite, batched source of (inputs, labels[, sample weights]), like a batched {@code
 * tf.data.Dataset}: each call of {@link #iterator()} is one pass (an epoch), reshuffled when the
 * dataset shuffles. A model of several inputs or outputs takes one array of each per batch.
 */
public interface Dataset {

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

  /** Samples per pass. */
  long size();

  /** Batches per pass. */
  default long cardinality() {
    return (size() + batchSize() - 1) / batchSize();
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
