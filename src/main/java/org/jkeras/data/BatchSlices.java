package org.jkeras.data;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.jkeras.distribute.MultiWorkerMirroredStrategy;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * One worker's part of every batch of a dataset: tf.data's auto-shard policy {@code DATA} after
 * {@code rebatch}, what {@code MultiWorkerMirroredStrategy} does to the data {@code fit} is given.
 * The source's batch is the global batch; of its {@code g} samples, worker {@code index} of {@code
 * parts} takes the contiguous rows {@code [lo, hi)}, the parts differing by at most one sample (the
 * first {@code g % parts} parts one larger). Every worker thus runs the same number of steps, and
 * the union of the parts of a step is the global batch, in order. A last batch of fewer samples than
 * workers is dropped on every worker (some would get none).
 *
 * <p>Any dataset can be split so (each worker reads every batch and keeps its rows); an image
 * folder decodes only its own rows ({@link ImageFolderDataset}).
 */
public final class BatchSlices extends DatasetStage {
  private final int parts;
  private final int index;

  private BatchSlices(Dataset source, int parts, int index) {
    super(source);
    this.parts = parts;
    this.index = index;
  }

  /**
   * Keras's {@code strategy.experimental_distribute_dataset(dataset)}: this worker's part of every
   * batch of {@code source}, whose batch size is the global batch ({@code fit} and {@code evaluate}
   * do this themselves); {@code source} itself for one worker, no strategy, or a dataset already
   * split per worker ({@link Dataset#isSharded}).
   */
  public static Dataset forWorker(Dataset source, MultiWorkerMirroredStrategy strategy) {
    if (strategy == null || !strategy.isMultiWorker() || source.isSharded()) {
      return source;
    }
    return of(source, strategy.numReplicasInSync(), strategy.clusterConfig().rank());
  }

  /** Worker {@code index}'s part of every batch of {@code source}, out of {@code parts} workers. */
  public static Dataset of(Dataset source, int parts, int index) {
    if (parts < 1 || index < 0 || index >= parts) {
      throw new IllegalArgumentException("Received an invalid worker index " + index + " of " + parts + " workers; expected"
          + " 0 <= index < parts.");
    }
    if (parts == 1) {
      return source;
    }
    if (source instanceof ImageFolderDataset images) {
      return images.sliced(parts, index);
    }
    return new BatchSlices(source, parts, index);
  }

  /** The rows {@code [lo, hi)} of part {@code index} of a global batch of {@code g} samples; null when the batch is dropped. */
  static int[] bounds(int g, int parts, int index) {
    if (g < parts) {
      return null;
    }
    int base = g / parts;
    int extra = g % parts;
    int lo = index * base + Math.min(index, extra);
    return new int[] {lo, lo + base + (index < extra ? 1 : 0)};
  }

  /** Local samples per pass of part {@code index}, for a source of {@code size} samples in batches of {@code batch}. */
  static long size(long size, int batch, int parts, int index) {
    long full = size / batch;
    int last = (int) (size % batch);
    int[] fullPart = bounds(batch, parts, index);
    int[] lastPart = last == 0 ? null : bounds(last, parts, index);
    return (fullPart == null ? 0 : full * (fullPart[1] - fullPart[0])) + (lastPart == null ? 0 : lastPart[1] - lastPart[0]);
  }

  /** Batches per pass: the source's, less a dropped last batch. */
  static long cardinality(long size, int batch, int parts) {
    long full = batch < parts ? 0 : size / batch;
    int last = (int) (size % batch);
    return full + (last >= parts ? 1 : 0);
  }

  /** The largest part of a global batch. */
  @Override
  public int batchSize() {
    return (source.batchSize() + parts - 1) / parts;
  }

  @Override
  public long size() {
    return size(source.size(), source.batchSize(), parts, index);
  }

  @Override
  public long cardinality() {
    return cardinality(source.size(), source.batchSize(), parts);
  }

  @Override
  public boolean isSharded() {
    return true;
  }

  @Override
  public BatchIterator iterator() {
    BatchIterator it = source.iterator();
    return new BatchIterator() {
      private Batch next = advance();
      /** Buffers of the last part's shape, reused (a batch is used before the next is asked for). */
      private List<FloatNdArray> buffers;

      private Batch advance() {
        while (it.hasNext()) {
          Batch b = it.next();
          if (bounds(b.size(), parts, index) != null) {
            return b;
          }
        }
        return null;
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public Batch next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        Batch b = next;
        int[] r = bounds(b.size(), parts, index);
        int rows = r[1] - r[0];
        List<FloatNdArray> all = new ArrayList<>(b.xs());
        all.addAll(b.ys());
        all.addAll(b.sampleWeights());
        if (buffers == null || buffers.get(0).shape().get(0) != rows) {
          buffers = new ArrayList<>();
          for (FloatNdArray a : all) {
            buffers.add(NdArrays.ofFloats(Shape.of(rows).append(a.shape().tail())));
          }
        }
        for (int k = 0; k < all.size(); k++) {
          FloatNdArray src = all.get(k);
          for (int j = 0; j < rows; j++) {
            if (src.rank() == 1) {
              buffers.get(k).setFloat(src.getFloat(r[0] + j), j);
            } else {
              src.get(r[0] + j).copyTo(buffers.get(k).get(j));
            }
          }
        }
        next = advance();
        int nx = b.xs().size();
        int ny = b.ys().size();
        return new Batch(buffers.subList(0, nx), buffers.subList(nx, nx + ny), buffers.subList(nx + ny, buffers.size()), rows);
      }

      @Override
      public void close() {
        it.close();
      }
    };
  }
}
