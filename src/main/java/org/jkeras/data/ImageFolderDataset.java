package org.jkeras.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * Image files with labels, decoded batch by batch with TF ops (see {@link ImageDecoder}), as the
 * dataset Keras's {@code image_dataset_from_directory} returns. Files are decoded in parallel and
 * the next batch is prepared while the current one trains (one batch of prefetch). The images of a
 * batch are a TF tensor the files are decoded into and the training step is fed as it is (valid, as
 * any batch, until the next one or the end of the pass). A file that
 * cannot be read or decoded (truncated, deleted since, above {@link ImageDecoder#MAX_PIXELS}) is
 * skipped with one warning naming it and the reason, and not tried again in later epochs.
 */
public class ImageFolderDataset implements Dataset, AutoCloseable {
  private final List<Path> files;
  private final int[] labels;
  private final List<String> classNames;
  private final String labelMode;
  private final int height;
  private final int width;
  private final int channels;
  private final int batchSize;
  /** Each epoch's order (tf.data's shuffle), or null: the files' order. */
  private final TfShuffle order;
  private final ImageDecoder decoder;
  private final Set<Path> skipped = ConcurrentHashMap.newKeySet();
  private final int threads;
  private final AtomicBoolean warnedEmpty = new AtomicBoolean();
  /** A worker's part of every batch ({@link BatchSlices}): part {@code part} of {@code parts}; 1 and 0 for the whole. */
  private final int parts;
  private final int part;

  /**
   * @param decoder decodes and fits each image (owned: closed with this dataset)
   * @param order each epoch's order of the files (tf.data's shuffle; owned), or null to keep theirs
   */
  ImageFolderDataset(List<Path> files, int[] labels, List<String> classNames, String labelMode, ImageDecoder decoder,
      int batchSize, TfShuffle order) {
    this.files = List.copyOf(files);
    this.labels = labels.clone();
    this.classNames = List.copyOf(classNames);
    this.labelMode = labelMode;
    Shape image = decoder.imageShape();
    this.height = (int) image.get(0);
    this.width = (int) image.get(1);
    this.channels = (int) image.get(2);
    this.batchSize = batchSize;
    this.order = order;
    this.decoder = decoder;
    this.threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    this.parts = 1;
    this.part = 0;
  }

  /** A view of {@code whole} that loads only part {@code part} of {@code parts} of each batch, sharing its decoder. */
  private ImageFolderDataset(ImageFolderDataset whole, int parts, int part) {
    this.files = whole.files;
    this.labels = whole.labels;
    this.classNames = whole.classNames;
    this.labelMode = whole.labelMode;
    this.height = whole.height;
    this.width = whole.width;
    this.channels = whole.channels;
    this.batchSize = whole.batchSize;
    this.order = whole.order;
    this.decoder = whole.decoder;
    this.threads = whole.threads;
    this.parts = parts;
    this.part = part;
  }

  /**
   * This worker's part of every batch, decoding only its own files ({@link BatchSlices}): shuffled
   * as the whole (same seed, same order on every worker). Closing the whole closes the view.
   */
  ImageFolderDataset sliced(int numParts, int index) {
    return new ImageFolderDataset(this, numParts, index);
  }

  @Override
  public boolean isSharded() {
    return parts > 1;
  }

  public List<Path> filePaths() {
    return files;
  }

  /** Files found unreadable while loading, skipped with a warning. */
  public Set<Path> skippedFiles() {
    return Collections.unmodifiableSet(skipped);
  }

  @Override
  public Shape elementShape() {
    return Shape.of(height, width, channels);
  }

  @Override
  public Shape labelShape() {
    if (labelMode == null) {
      return null;
    }
    switch (labelMode) {
      case "binary": return Shape.of(1);
      case "categorical": return Shape.of(classNames.size());
      default: return Shape.scalar();
    }
  }

  @Override
  public int batchSize() {
    return (batchSize + parts - 1) / parts;
  }

  @Override
  public long size() {
    return parts == 1 ? files.size() : BatchSlices.size(files.size(), batchSize, parts, part);
  }

  @Override
  public long cardinality() {
    return parts == 1 ? Dataset.super.cardinality() : BatchSlices.cardinality(files.size(), batchSize, parts);
  }

  @Override
  public List<String> classNames() {
    return classNames;
  }

  @Override
  public BatchIterator iterator() {
    if (order != null) {
      return new Prefetching(order.nextOrder());
    }
    int[] identity = new int[files.size()];
    for (int i = 0; i < identity.length; i++) {
      identity[i] = i;
    }
    return new Prefetching(identity);
  }

  /**
   * Decodes batch k+1 on a background thread while batch k is in use. A batch is never empty: when
   * every file of a batch is skipped, the same task goes on with the next files; an epoch whose last
   * files are all skipped ends one batch early ({@link #hasNext} waits for the batch to know).
   */
  private final class Prefetching implements BatchIterator {
    private final int[] order;
    private final ExecutorService producer = Executors.newSingleThreadExecutor(daemon("jkeras-prefetch"));
    private final ExecutorService decoders = Executors.newFixedThreadPool(threads, daemon("jkeras-decode"));
    private final Buffers[] buffers = {new Buffers(), new Buffers()};
    private int slot;
    private int yielded;
    private Future<Loaded> pending;

    Prefetching(int[] order) {
      this.order = order;
      schedule(0);
    }

    private void schedule(int start) {
      if (start >= order.length) {
        pending = null;
        return;
      }
      Buffers b = buffers[slot];
      slot = 1 - slot;
      pending = producer.submit(() -> loadFrom(start, b));
    }

    /**
     * The next non-empty batch from {@code start}, and where the following one starts; empty only at
     * the end. A worker's part of a batch is loaded as it is, even empty (all its files skipped), so
     * that every worker runs the same steps; the epoch ends at a global batch too small to split.
     */
    private Loaded loadFrom(int start, Buffers b) throws Exception {
      if (parts > 1) {
        int end = Math.min(order.length, start + batchSize);
        int[] r = BatchSlices.bounds(end - start, parts, part);
        return r == null ? new Loaded(load(start, start, b), order.length, true)
            : new Loaded(load(start + r[0], start + r[1], b), end, false);
      }
      while (true) {
        int end = Math.min(order.length, start + batchSize);
        Batch batch = load(start, end, b);
        if (batch.size() > 0 || end >= order.length) {
          return new Loaded(batch, end, batch.size() == 0);
        }
        start = end;
      }
    }

    private Batch load(int start, int end, Buffers b) throws Exception {
      int size = end - start;
      FloatNdArray x = b.x(size);
      FloatNdArray y = b.y(size);
      boolean[] ok = new boolean[size];
      List<Future<?>> jobs = new ArrayList<>();
      for (int j = 0; j < size; j++) {
        int row = j;
        Path file = files.get(order[start + j]);
        if (skipped.contains(file)) {
          continue;
        }
        jobs.add(decoders.submit(() -> {
          try {
            byte[] bytes = ImageDecoder.read(file);
            decoder.decodeInto(bytes, file, x.get(row));
            ok[row] = true;
          } catch (IOException e) {
            if (skipped.add(file)) {
              System.err.println("WARNING: skipping " + e.getMessage());
            }
          }
          return null;
        }));
      }
      for (Future<?> f : jobs) {
        f.get();
      }
      int good = 0;
      for (int j = 0; j < size; j++) {
        if (ok[j]) {
          if (good != j) {
            x.get(j).copyTo(x.get(good));
          }
          if (y != null) {
            writeLabel(y, good, labels[order[start + j]]);
          }
          good++;
        }
      }
      if (good == size) {
        return new Batch(x, y, size);
      }
      FloatNdArray xs = NdArrays.ofFloats(Shape.of(good).append(elementShape()));
      FloatNdArray ys = y == null ? null : NdArrays.ofFloats(Shape.of(good).append(labelShape()));
      for (int j = 0; j < good; j++) {
        x.get(j).copyTo(xs.get(j));
        if (y != null) {
          y.get(j).copyTo(ys.get(j));
        }
      }
      return new Batch(xs, ys, good);
    }

    private void writeLabel(FloatNdArray y, int row, int label) {
      switch (labelMode) {
        case "categorical":
          for (int k = 0; k < classNames.size(); k++) {
            y.setFloat(k == label ? 1f : 0f, row, k);
          }
          break;
        case "binary":
          y.setFloat(label, row, 0);
          break;
        default:
          y.setFloat(label, row);
      }
    }

    @Override
    public boolean hasNext() {
      if (pending != null && loaded().finished()) {
        pending = null; // the epoch's last files were all skipped
        if (yielded == 0 && warnedEmpty.compareAndSet(false, true)) {
          System.err.println("WARNING: all " + files.size() + " image files of this dataset were skipped (see the warnings"
              + " above): it yields no batch" + (labelMode == null ? "." : ", and no metrics when used as validation data."));
        }
      }
      return pending != null;
    }

    @Override
    public Batch next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Loaded l = loaded();
      schedule(l.end());
      yielded++;
      return l.batch();
    }

    private Loaded loaded() {
      try {
        return pending.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while loading images", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("Loading a batch of images failed: " + e.getCause().getMessage(), e.getCause());
      }
    }

    /** Stops the loading, then frees the batch tensors (once no decoder writes into them). */
    @Override
    public void close() {
      producer.shutdownNow();
      decoders.shutdownNow();
      try {
        producer.awaitTermination(1, TimeUnit.MINUTES);
        decoders.awaitTermination(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return; // the tensors are left to the garbage collector rather than freed under a running decoder
      }
      for (Buffers b : buffers) {
        b.free();
      }
    }

    /**
     * Reused batch arrays, allocated once per batch size, not per batch. The images are a TF tensor:
     * decoded straight into it, it is fed to the training step (or to a map's graph) as it is, with
     * no copy through a Java array.
     */
    private final class Buffers {
      TFloat32 x;
      FloatNdArray y;

      FloatNdArray x(int size) {
        if (x == null || x.shape().get(0) != size) {
          free();
          x = TFloat32.tensorOf(Shape.of(size).append(elementShape()));
          y = labelShape() == null ? null : NdArrays.ofFloats(Shape.of(size).append(labelShape()));
        }
        return x;
      }

      void free() {
        if (x != null) {
          x.close();
          x = null;
        }
      }

      FloatNdArray y(int size) {
        x(size);
        return y;
      }
    }
  }

  /** A loaded batch, where the next one starts, and whether the epoch ended here (nothing more to yield). */
  private record Loaded(Batch batch, int end, boolean finished) {}

  /** Frees the decoding and shuffling graphs (a worker's view leaves them to the whole dataset). */
  @Override
  public void close() {
    if (parts == 1) {
      decoder.close();
      if (order != null) {
        order.close();
      }
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
