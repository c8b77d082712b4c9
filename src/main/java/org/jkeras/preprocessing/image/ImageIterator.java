package org.jkeras.preprocessing.image;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import org.jkeras.data.Batch;
import org.jkeras.data.BatchIterator;
import org.jkeras.data.Dataset;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * Keras's legacy {@code Iterator}: the batches of an {@link ImageDataGenerator} flow, usable in
 * {@code model.fit} like any {@link Dataset} (one pass per {@link #iterator()}, {@code
 * ceil(samples / batchSize)} batches, reshuffled every pass when shuffling) and, as Keras's, endlessly
 * with {@link #next()}. With a seed, batch k of the iterator's life draws its order (at the start of
 * an epoch) and its transformations from {@code seed + k}, as Keras reseeds NumPy with {@code seed +
 * total_batches_seen}: the same seed gives the same batches, run after run.
 *
 * <p>Each batch is built on a background thread while the previous one is in use: images loaded,
 * then transformed and normalised, in parallel on every core (the transformations are drawn in
 * order first, so the same seed gives the same batch). An image that cannot be loaded is skipped
 * with one warning naming it. Close the iterator to stop a pass still open through {@link #next()}.
 */
public abstract class ImageIterator implements Dataset, AutoCloseable {
  final ImageDataGenerator generator;
  private final int batchSize;
  private final boolean shuffle;
  private final long seed;
  private final AtomicLong batchesSeen = new AtomicLong();
  private final int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
  private volatile AffineSampler sampler;
  private BatchIterator endless;
  private final Set<Integer> skipped = ConcurrentHashMap.newKeySet();

  ImageIterator(ImageDataGenerator generator, int batchSize, boolean shuffle, Long seed) {
    this.generator = generator;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.seed = seed == null ? new Random().nextLong() : seed;
  }

  /** Keras's {@code samples} (or {@code n}): the samples per pass. */
  public int samples() {
    return (int) size();
  }

  @Override
  public int batchSize() {
    return batchSize;
  }

  /** Loads sample {@code index} into {@code target} (height, width, channels); fails for a file that cannot be read. */
  abstract void load(int index, FloatNdArray target) throws IOException;

  /** Writes the label of sample {@code index} into row {@code row} of {@code y}. */
  abstract void label(int index, FloatNdArray y, int row);

  /** True for class mode "input": the labels are the transformed images. */
  boolean labelsAreInputs() {
    return false;
  }

  /** What a skipped sample is called in the warning. */
  String describe(int index) {
    return "sample " + index;
  }

  /** Keras's {@code next(iterator)}: the next batch, starting a new pass after the last one, endlessly. */
  public synchronized Batch next() {
    if (endless == null || !endless.hasNext()) {
      if (endless != null) {
        endless.close();
      }
      endless = iterator();
      if (!endless.hasNext()) {
        throw new NoSuchElementException("This iterator has no sample to yield.");
      }
    }
    return endless.next();
  }

  @Override
  public BatchIterator iterator() {
    int n = (int) size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    if (shuffle) {
      Random r = new Random(seed + batchesSeen.get());
      for (int i = n - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    return new Prefetching(order);
  }

  private AffineSampler sampler() {
    AffineSampler s = sampler;
    if (s == null) {
      s = generator.samplerFor(elementShape());
      sampler = s;
    }
    return s;
  }

  /** Builds the batch of {@code order[start, end)}; {@code batchIndex} seeds its transformations. */
  private Batch build(int[] order, int start, int end, long batchIndex, ExecutorService pool) throws Exception {
    Shape shape = elementShape();
    int size = end - start;
    FloatNdArray loaded = NdArrays.ofFloats(Shape.of(size).append(shape));
    boolean[] ok = new boolean[size];
    List<Future<?>> jobs = new ArrayList<>();
    for (int j = 0; j < size; j++) {
      int row = j;
      int index = order[start + j];
      if (skipped.contains(index)) {
        continue;
      }
      jobs.add(pool.submit(() -> {
        try {
          load(index, loaded.get(row));
          ok[row] = true;
        } catch (IOException e) {
          if (skipped.add(index)) {
            System.err.println("WARNING: skipping " + e.getMessage());
          }
        }
        return null;
      }));
    }
    for (Future<?> f : jobs) {
      f.get();
    }
    List<Integer> good = new ArrayList<>();
    for (int j = 0; j < size; j++) {
      if (ok[j]) {
        good.add(j);
      }
    }
    if (good.isEmpty()) {
      return new Batch(loaded, null, 0);
    }
    FloatNdArray x = loaded;
    if (good.size() < size) {
      FloatNdArray compact = NdArrays.ofFloats(Shape.of(good.size()).append(shape));
      for (int k = 0; k < good.size(); k++) {
        x.get(good.get(k)).copyTo(compact.get(k));
      }
      x = compact;
    }
    Random r = new Random(seed + batchIndex);
    List<TransformParameters> params = null;
    if (generator.transforms()) {
      params = new ArrayList<>();
      for (int k = 0; k < good.size(); k++) {
        params.add(generator.draw((int) shape.get(0), (int) shape.get(1), r));
      }
    }
    FloatNdArray xs = x;
    List<TransformParameters> drawn = params;
    AffineSampler transform = drawn == null ? null : sampler();
    jobs.clear();
    for (int k = 0; k < good.size(); k++) {
      int row = k;
      jobs.add(pool.submit(() -> {
        if (transform != null) {
          transform.apply(xs.get(row), drawn.get(row));
        }
        generator.standardizeInPlace(xs.get(row));
        return null;
      }));
    }
    for (Future<?> f : jobs) {
      f.get();
    }
    FloatNdArray y = null;
    if (labelsAreInputs()) {
      y = NdArrays.ofFloats(xs.shape());
      xs.copyTo(y);
    } else if (labelShape() != null) {
      y = NdArrays.ofFloats(Shape.of(good.size()).append(labelShape()));
      for (int k = 0; k < good.size(); k++) {
        label(order[start + good.get(k)], y, k);
      }
    }
    return new Batch(xs, y, good.size());
  }

  /** Builds batch k + 1 on a background thread while batch k is in use; a batch whose every sample was skipped is passed over. */
  private final class Prefetching implements BatchIterator {
    private final int[] order;
    private final ExecutorService producer = Executors.newSingleThreadExecutor(daemon("jkeras-idg-batch"));
    private final ExecutorService pool = Executors.newFixedThreadPool(threads, daemon("jkeras-idg-load"));
    private int nextStart;
    private Future<Batch> pending;

    Prefetching(int[] order) {
      this.order = order;
      schedule();
    }

    private void schedule() {
      pending = null;
      if (nextStart >= order.length) {
        return;
      }
      int start = nextStart;
      int end = Math.min(order.length, start + batchSize);
      nextStart = end;
      long k = batchesSeen.getAndIncrement();
      pending = producer.submit(() -> build(order, start, end, k, pool));
    }

    @Override
    public boolean hasNext() {
      while (pending != null && loaded().size() == 0) {
        schedule();
      }
      return pending != null;
    }

    @Override
    public Batch next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Batch b = loaded();
      schedule();
      return b;
    }

    private Batch loaded() {
      try {
        return pending.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while loading images", e);
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof RuntimeException re) {
          throw re;
        }
        throw new IllegalStateException("Loading a batch of images failed: " + c.getMessage(), c);
      }
    }

    @Override
    public void close() {
      producer.shutdownNow();
      pool.shutdownNow();
    }
  }

  /** Stops a pass still open through {@link #next()} (its threads). */
  @Override
  public synchronized void close() {
    if (endless != null) {
      endless.close();
      endless = null;
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
