package org.jkeras.data;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.GraphContext;
import org.jkeras.backend.Shapes;
import org.jkeras.layers.Lambda;
import org.jkeras.layers.Layer;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * A dataset whose input batches go through preprocessing layers in training mode, as {@code
 * tf.data}'s
 *
 * <pre>{@code
 * train_ds = train_ds.map(lambda x, y: (data_augmentation(x, training=True), y),
 *                         num_parallel_calls=tf.data.AUTOTUNE).prefetch(tf.data.AUTOTUNE)
 * }</pre>
 *
 * which is, in jkeras, {@code trainDs.map(dataAugmentation)} (see {@link Dataset#map}). The layers
 * run as TF graph ops in this dataset's own graph, on {@link #numParallelCalls} batches at once,
 * with up to {@link #prefetch} more batches made ready ahead of the one in use, on the input
 * pipeline's shared threads ({@link Prefetcher}, the same that decode an {@link ImageFolderDataset};
 * a pass is a {@link MapStage}). Labels pass through unchanged.
 *
 * <p>Randomness: every batch gets the next value of this dataset's step counter (numbered by the
 * {@link Prefetcher} as it reads the batch), which the
 * layers' seed generators mix into their stateless seeds: new augmentations every batch and every
 * epoch, the same ones for the same seeds, run after run (given the same source order).
 *
 * <p>The layers must have no weights (preprocessing layers have none). Close the dataset to free
 * its graph; an open iterator stops when closed.
 */
public final class MappedDataset implements Dataset, AutoCloseable {
  private final Dataset source;
  private final Layer layer;
  private final Shape elementShape;
  private int numParallelCalls = Prefetcher.CORES;
  private int prefetch = 2;
  private GraphContext ctx;
  private Placeholder<TFloat32> input;
  private Operand<TFloat32> output;
  /** The step counter mixed into the layers' seeds: it goes on from pass to pass (advanced by the {@link Prefetcher}). */
  private final AtomicLong steps = new AtomicLong();

  /** Maps {@code layer} (called with {@code training=true}) over the inputs of {@code source}. */
  public MappedDataset(Dataset source, Layer layer) {
    if (source == null || layer == null) {
      throw new IllegalArgumentException("`map` needs a dataset and a layer. Received: dataset=" + source + ", layer=" + layer);
    }
    Shape batched = Shapes.withBatch(source.elementShape());
    layer.ensureBuilt(batched);
    if (!layer.weights().isEmpty()) {
      throw new IllegalArgumentException(
          "`map` runs preprocessing layers (layers without weights) in the input pipeline. Received: layer \""
              + layer.name() + "\" with " + layer.weights().size() + " weights.");
    }
    this.source = source;
    this.layer = layer;
    this.elementShape = Shapes.sample(layer.computeOutputShape(batched));
    for (long d : elementShape.asArray()) {
      if (d < 0) {
        throw new IllegalArgumentException(
            "`map` needs layers with a known output shape. Received: " + layer.name() + " output shape "
                + Shapes.format(layer.computeOutputShape(batched)));
      }
    }
  }

  /**
   * Maps a function of graph tensors; over single elements it sees one element (the batch axis of
   * one removed before, put back after), as tf.data's map does.
   */
  static MappedDataset of(Dataset source, Lambda.Function function) {
    if (function == null) {
      throw new IllegalArgumentException("`map` needs a layer or a function. Received: function=null");
    }
    if (source == null || source.isBatched()) {
      return new MappedDataset(source, new Lambda(function).name("map_function"));
    }
    Lambda.Function perElement = (tf, x) -> tf.expandDims(function.apply(tf, tf.squeeze(x, Squeeze.axis(List.of(0L)))),
        tf.constant(0));
    return new MappedDataset(source, new Lambda(perElement).name("map_function"));
  }

  /** tf.data's {@code num_parallel_calls}: batches transformed at once (default: the number of cores). */
  public MappedDataset numParallelCalls(int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("Received an invalid value for `num_parallel_calls`, expected a positive integer."
          + " Received: num_parallel_calls=" + n);
    }
    this.numParallelCalls = n;
    return this;
  }

  /**
   * tf.data's {@code prefetch(buffer_size)}: batches made ready ahead of the one in use (default 2).
   * A mapped dataset already reads ahead, so this sets how far rather than adding a stage.
   */
  @Override
  public MappedDataset prefetch(int bufferSize) {
    if (bufferSize < PrefetchedDataset.AUTOTUNE) {
      throw new IllegalArgumentException("Received an invalid value for `buffer_size`, expected a non-negative integer or AUTOTUNE (-1)."
          + " Received: buffer_size=" + bufferSize);
    }
    this.prefetch = bufferSize == PrefetchedDataset.AUTOTUNE ? 2 : bufferSize;
    return this;
  }

  public int numParallelCalls() {
    return numParallelCalls;
  }

  public int prefetch() {
    return prefetch;
  }

  @Override
  public Shape elementShape() {
    return elementShape;
  }

  @Override
  public Shape labelShape() {
    return source.labelShape();
  }

  @Override
  public int batchSize() {
    return source.batchSize();
  }

  @Override
  public long size() {
    return source.size();
  }

  @Override
  public long cardinality() {
    return source.cardinality();
  }

  @Override
  public List<String> classNames() {
    return source.classNames();
  }

  @Override
  public boolean isBatched() {
    return source.isBatched();
  }

  /** Sharded when its source is (map a worker's part to augment only that part). */
  @Override
  public boolean isSharded() {
    return source.isSharded();
  }

  private synchronized GraphContext graph() {
    if (ctx == null) {
      ctx = new GraphContext();
      input = ctx.placeholder("x", Shapes.withBatch(source.elementShape()));
      ctx.step(); // created here, not lazily from the worker threads
      output = ctx.tf().withName("augmented").identity(
          layer.invoke(CallContext.of(ctx, ctx.tf().withSubScope("map"), true), input));
    }
    return ctx;
  }

  @Override
  public BatchIterator iterator() {
    GraphContext graph = graph(); // built here, not from the pipeline's threads
    return new Prefetcher<>(new MapStage(this, graph, source.iterator()), numParallelCalls, prefetch, steps);
  }

  /** Frees the graph; open iterators stop. */
  @Override
  public synchronized void close() {
    if (ctx != null) {
      ctx.close();
      ctx = null;
    }
  }

  /** Runs the layers' graph on {@code x}, with {@code step} mixed into their seeds; the result holds the output. */
  Result transform(GraphContext graph, TFloat32 x, long step) {
    try (TInt64 stepTensor = TInt64.scalarOf(step)) {
      return graph.session().runner().feed(input, x).feed(graph.step(), stepTensor).fetch(output).run();
    }
  }

  /** The message of a batch that failed to go through the layers. */
  IllegalStateException failure(Exception cause) {
    return new IllegalStateException("Preprocessing a batch with layer \"" + layer.name() + "\" failed: "
        + cause.getMessage(), cause);
  }
}
