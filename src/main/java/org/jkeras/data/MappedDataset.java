package org.jkeras.data;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.GraphContext;
import org.jkeras.backend.Shapes;
import org.jkeras.layers.Lambda;
import org.jkeras.layers.Layer;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
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
 * with up to {@link #prefetch} more batches made ready ahead of the one in use; the source
 * (e.g. an {@link ImageFolderDataset}, which decodes in parallel itself) is read on a background
 * thread. Labels pass through unchanged.
 *
 * <p>Randomness: every batch gets the next value of this dataset's step counter, which the
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
  private int numParallelCalls = Math.max(1, Runtime.getRuntime().availableProcessors());
  private int prefetch = 2;
  private GraphContext ctx;
  private Placeholder<TFloat32> input;
  private Operand<TFloat32> output;
  private long step;

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
    return new Pipeline(graph());
  }

  /** Frees the graph; open iterators stop. */
  @Override
  public synchronized void close() {
    if (ctx != null) {
      ctx.close();
      ctx = null;
    }
  }

  private synchronized long nextStep() {
    return ++step;
  }

  /** One batch's buffers, reused from batch to batch (allocated once per batch size). */
  private static final class Slot {
    TFloat32 x;
    FloatNdArray y;
    int size;
    Result result;

    void release() {
      if (result != null) {
        result.close();
        result = null;
      }
    }

    void free() {
      release();
      if (x != null) {
        x.close();
        x = null;
      }
    }
  }

  private static final Future<Slot> END = new CompletableFuture<>();

  /** Reads the source on one thread, transforms on {@code numParallelCalls} workers, hands batches out in order. */
  private final class Pipeline implements BatchIterator {
    private final GraphContext graph;
    private final BatchIterator sourceIt;
    private final BlockingQueue<Slot> free;
    private final BlockingQueue<Future<Slot>> ready = new LinkedBlockingQueue<>();
    private final List<Slot> slots = new ArrayList<>();
    private final ExecutorService reader = Executors.newSingleThreadExecutor(daemon("jkeras-map-read"));
    private final ExecutorService workers;
    private Future<Slot> pending;
    private Slot inUse;
    private boolean closed;

    Pipeline(GraphContext graph) {
      this.graph = graph;
      this.sourceIt = source.iterator();
      int n = numParallelCalls + prefetch + 1;
      this.free = new ArrayBlockingQueue<>(n);
      for (int i = 0; i < n; i++) {
        Slot s = new Slot();
        slots.add(s);
        free.add(s);
      }
      this.workers = Executors.newFixedThreadPool(numParallelCalls, daemon("jkeras-map"));
      reader.submit(this::read);
    }

    /** The reader: copies each source batch into a free slot (the source reuses its arrays) and queues its transform. */
    private Void read() throws InterruptedException {
      try {
        while (sourceIt.hasNext()) {
          Slot s = free.take();
          Batch b = sourceIt.next();
          Shape xs = b.x().shape();
          if (s.x == null || !s.x.shape().equals(xs)) {
            if (s.x != null) {
              s.x.close();
            }
            s.x = TFloat32.tensorOf(xs);
            s.y = b.y() == null ? null : NdArrays.ofFloats(b.y().shape());
          }
          b.x().copyTo(s.x);
          if (b.y() != null) {
            b.y().copyTo(s.y);
          }
          s.size = b.size();
          long stepValue = nextStep();
          ready.put(workers.submit(() -> transform(s, stepValue)));
        }
      } catch (InterruptedException e) {
        return null;
      } catch (RuntimeException e) {
        CompletableFuture<Slot> failed = new CompletableFuture<>();
        failed.completeExceptionally(e);
        ready.put(failed);
        return null;
      }
      ready.put(END);
      return null;
    }

    private Slot transform(Slot s, long stepValue) {
      try (TInt64 stepTensor = TInt64.scalarOf(stepValue)) {
        s.result = graph.session().runner().feed(input, s.x).feed(graph.step(), stepTensor).fetch(output).run();
      }
      return s;
    }

    @Override
    public boolean hasNext() {
      if (pending == null) {
        if (closed) {
          return false;
        }
        try {
          pending = ready.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Interrupted while waiting for an augmented batch", e);
        }
      }
      return pending != END;
    }

    @Override
    public Batch next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Slot s;
      try {
        s = pending.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for an augmented batch", e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        throw new IllegalStateException("Preprocessing a batch with layer \"" + layer.name() + "\" failed: "
            + cause.getMessage(), cause);
      }
      pending = null;
      // The previous batch is no longer in use (Batch contract): recycle its buffers.
      if (inUse != null) {
        inUse.release();
        free.add(inUse);
      }
      inUse = s;
      return new Batch((TFloat32) s.result.get(0), s.y, s.size);
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      reader.shutdownNow();
      workers.shutdownNow();
      try {
        reader.awaitTermination(1, TimeUnit.MINUTES);
        workers.awaitTermination(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      sourceIt.close();
      for (Slot s : slots) {
        s.free();
      }
      pending = null;
    }
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
