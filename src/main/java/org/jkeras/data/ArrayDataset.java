package org.jkeras.data;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.jkeras.backend.Shapes;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * In-memory arrays (first axis: samples) served in batches, in order or reshuffled every pass: what
 * {@code fit(x, y)} iterates over, like {@code tf.data.Dataset.from_tensor_slices((x, y)).batch(n)}.
 */
public class ArrayDataset implements Dataset {
  private final FloatNdArray x;
  private final FloatNdArray y;
  private final int batchSize;
  private final boolean shuffle;
  private final Random random;
  private final List<String> classNames;
  /**
   * The batch arrays of the last closed iterator, for the next one: a pass allocates its batch
   * buffers once, not once per pass (with one batch per epoch, every step otherwise left a batch
   * worth of garbage on the JVM heap, which grew the process by ~150 MB before a collection).
   */
  private FloatNdArray[] spare;

  public ArrayDataset(FloatNdArray x, FloatNdArray y, int batchSize, boolean shuffle, Long seed, List<String> classNames) {
    if (x == null) {
      throw new IllegalArgumentException("Received an invalid value for `x`: null");
    }
    if (x.rank() < 1 || x.shape().get(0) == 0) {
      throw new IllegalArgumentException(
          "Expected `x` to have at least one sample. Received: x.shape=" + Shapes.format(x.shape()));
    }
    if (y != null && (y.rank() < 1 || y.shape().get(0) != x.shape().get(0))) {
      throw new IllegalArgumentException(
          "Data cardinality is ambiguous: x sizes: " + x.shape().get(0) + ", y sizes: "
              + (y.rank() < 1 ? "scalar" : y.shape().get(0)) + ". Make sure all arrays contain the same number of samples.");
    }
    if (batchSize <= 0) {
      throw new IllegalArgumentException("Received an invalid value for `batch_size`, expected a positive integer. Received: batch_size=" + batchSize);
    }
    this.x = x;
    this.y = y;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.random = seed == null ? new Random() : new Random(seed);
    this.classNames = classNames == null ? List.of() : List.copyOf(classNames);
  }

  public ArrayDataset(FloatNdArray x, FloatNdArray y, int batchSize, boolean shuffle) {
    this(x, y, batchSize, shuffle, null, null);
  }

  public FloatNdArray x() {
    return x;
  }

  public FloatNdArray y() {
    return y;
  }

  @Override
  public Shape elementShape() {
    return x.shape().tail();
  }

  @Override
  public Shape labelShape() {
    return y == null ? null : y.shape().tail();
  }

  @Override
  public int batchSize() {
    return batchSize;
  }

  @Override
  public long size() {
    return x.shape().get(0);
  }

  @Override
  public List<String> classNames() {
    return classNames;
  }

  /** The first {@code count} samples (or the rest from {@code from}) as a new dataset sharing the arrays' values. */
  public ArrayDataset slice(long from, long to, boolean shuffle) {
    FloatNdArray xs = copyRows(x, from, to);
    FloatNdArray ys = y == null ? null : copyRows(y, from, to);
    return new ArrayDataset(xs, ys, batchSize, shuffle, random.nextLong(), classNames);
  }

  static FloatNdArray copyRows(FloatNdArray a, long from, long to) {
    long[] dims = a.shape().asArray().clone();
    dims[0] = to - from;
    FloatNdArray out = NdArrays.ofFloats(Shape.of(dims));
    for (long i = from; i < to; i++) {
      a.get(i).copyTo(out.get(i - from));
    }
    return out;
  }

  @Override
  public BatchIterator iterator() {
    int n = (int) size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    if (shuffle) {
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    FloatNdArray[] reused = takeSpare();
    return new BatchIterator() {
      int next = 0;
      /** Full-size batch buffers (kept for the next pass) and the ones in use (smaller for a last partial batch). */
      FloatNdArray fullX = reused == null ? null : reused[0];
      FloatNdArray fullY = reused == null ? null : reused[1];
      FloatNdArray bx = fullX;
      FloatNdArray by = fullY;

      @Override
      public boolean hasNext() {
        return next < n;
      }

      @Override
      public Batch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int size = Math.min(batchSize, n - next);
        if (bx == null || bx.shape().get(0) != size) {
          bx = NdArrays.ofFloats(Shape.of(size).append(elementShape()));
          by = y == null ? null : NdArrays.ofFloats(Shape.of(size).append(labelShape()));
          if (size == batchSize) {
            fullX = bx;
            fullY = by;
          }
        }
        for (int j = 0; j < size; j++) {
          int i = order[next + j];
          if (x.rank() == 1) {
            bx.setFloat(x.getFloat(i), j);
          } else {
            x.get(i).copyTo(bx.get(j));
          }
          if (y != null) {
            if (y.rank() == 1) {
              by.setFloat(y.getFloat(i), j);
            } else {
              y.get(i).copyTo(by.get(j));
            }
          }
        }
        next += size;
        return new Batch(bx, by, size);
      }

      @Override
      public void close() {
        if (fullX != null) {
          giveSpare(new FloatNdArray[] {fullX, fullY});
        }
        fullX = null;
        fullY = null;
        bx = null;
        by = null;
      }
    };
  }

  private synchronized FloatNdArray[] takeSpare() {
    FloatNdArray[] s = spare;
    spare = null;
    return s;
  }

  private synchronized void giveSpare(FloatNdArray[] buffers) {
    spare = buffers;
  }
}
