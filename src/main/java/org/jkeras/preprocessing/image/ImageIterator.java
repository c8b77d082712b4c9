package org.jkeras.preprocessing.image;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jkeras.data.Batch;
import org.jkeras.data.BatchIterator;
import org.jkeras.data.Dataset;
import org.jkeras.data.PipelineStage;
import org.jkeras.data.Prefetcher;
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
 * <p>Batches are built on the input pipeline's threads (the executor of every jkeras dataset,
 * {@link Prefetcher}) while the previous one is in use: images loaded, then transformed and
 * normalised, in parallel on every core (the transformations of a batch drawn in the order of its
 * images first, so the same seed gives the same batch). An image that cannot be loaded is skipped with one warning
 * naming it. Close the iterator to stop a pass still open through {@link #next()}.
 */
public abstract class ImageIterator implements Dataset, AutoCloseable {
  final ImageDataGenerator generator;
  private final int batchSize;
  private final boolean shuffle;
  private final long seed;
  private final AtomicLong batchesSeen = new AtomicLong();
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
    // Batches are made in order, the images of each on every core, one ready ahead of the one in
    // use. They are numbered on from the batches handed out so far (Keras's total_batches_seen),
    // however far an abandoned pass had read.
    return new Prefetcher<>(new Pass(order), 0, 1, new AtomicLong(batchesSeen.get()));
  }

  private AffineSampler sampler() {
    AffineSampler s = sampler;
    if (s == null) {
      s = generator.samplerFor(elementShape());
      sampler = s;
    }
    return s;
  }

  /** A batch made (its arrays are its own: nothing is reused from batch to batch). */
  private static final class Slot {
    Batch batch;
  }

  /** One pass over {@code order} as a stage of the input pipeline's executor ({@link Prefetcher}). */
  private final class Pass implements PipelineStage<Slot> {
    private final int[] order;
    private int next;

    Pass(int[] order) {
      this.order = order;
    }

    @Override
    public Slot newSlot() {
      return new Slot();
    }

    /**
     * Makes the next batch: its images loaded, then (batch number {@code step} of the iterator's
     * life, from 1) its transformations drawn from {@code seed + step - 1} in the order of its
     * images, applied and the images normalised. A batch whose every sample was skipped is passed over.
     */
    @Override
    public boolean read(Slot slot, Prefetcher<Slot> pipeline) throws Exception {
      Shape shape = elementShape();
      while (next < order.length) {
        int start = next;
        int size = Math.min(order.length, start + batchSize) - start;
        next = start + size;
        FloatNdArray loaded = NdArrays.ofFloats(Shape.of(size).append(shape));
        boolean[] ok = new boolean[size];
        pipeline.parallel(size, j -> {
          int index = order[start + j];
          if (skipped.contains(index)) {
            return;
          }
          try {
            load(index, loaded.get(j));
            ok[j] = true;
          } catch (IOException e) {
            if (skipped.add(index)) {
              System.err.println("WARNING: skipping " + e.getMessage());
            }
          }
        });
        int good = 0;
        for (boolean b : ok) {
          good += b ? 1 : 0;
        }
        if (good == 0) {
          continue;
        }
        int[] samples = new int[good];
        FloatNdArray x = good == size ? loaded : NdArrays.ofFloats(Shape.of(good).append(shape));
        for (int j = 0, k = 0; j < size; j++) {
          if (ok[j]) {
            samples[k] = order[start + j];
            if (good < size) {
              loaded.get(j).copyTo(x.get(k));
            }
            k++;
          }
        }
        List<TransformParameters> params = null;
        if (generator.transforms()) {
          Random r = new Random(seed + pipeline.nextStep() - 1);
          params = new ArrayList<>();
          for (int k = 0; k < good; k++) {
            params.add(generator.draw((int) shape.get(0), (int) shape.get(1), r));
          }
        }
        List<TransformParameters> drawn = params;
        AffineSampler transform = drawn == null ? null : sampler();
        pipeline.parallel(good, k -> {
          if (transform != null) {
            transform.apply(x.get(k), drawn.get(k));
          }
          generator.standardizeInPlace(x.get(k));
        });
        FloatNdArray y = null;
        if (labelsAreInputs()) {
          y = NdArrays.ofFloats(x.shape());
          x.copyTo(y);
        } else if (labelShape() != null) {
          y = NdArrays.ofFloats(Shape.of(good).append(labelShape()));
          for (int k = 0; k < good; k++) {
            label(samples[k], y, k);
          }
        }
        slot.batch = new Batch(x, y, good);
        return true;
      }
      return false;
    }

    @Override
    public Batch batch(Slot slot) {
      batchesSeen.incrementAndGet(); // handed out
      return slot.batch;
    }

    @Override
    public void recycle(Slot slot) {
      slot.batch = null;
    }

    @Override
    public void free(Slot slot) {
      recycle(slot);
    }

    @Override
    public void close() {}
  }

  /** Stops a pass still open through {@link #next()} (its threads). */
  @Override
  public synchronized void close() {
    if (endless != null) {
      endless.close();
      endless = null;
    }
  }
}
