package org.jkeras.data;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.jkeras.backend.Shapes;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * In-memory arrays (first axis: samples) served in batches, in order or reshuffled every pass: what
 * {@code fit(x, y)} iterates over, like {@code tf.data.Dataset.from_tensor_slices((x, y, sw)).batch(n)}.
 * A model of several inputs or outputs gets one array of each ({@code xs}, {@code ys}), and sample
 * weights one vector per output.
 *
 * <p>Shuffled as Keras's array data adapter on the TensorFlow backend: each pass visits the samples
 * in the order of {@code tf.random.shuffle(tf.range(n))}, by TF's own kernel (see {@link
 * TfShuffle#permutations}), a new permutation every pass, the same ones for the same seed. Close the
 * dataset to free the shuffle's graph.
 */
public class ArrayDataset implements Dataset, AutoCloseable {
  private final List<FloatNdArray> xs;
  private final List<FloatNdArray> ys;
  private final List<FloatNdArray> sampleWeights;
  private final int batchSize;
  private final boolean shuffle;
  private final Long seed;
  /** Each pass's order (created on the first shuffled pass), or null. */
  private TfShuffle order;
  private final List<String> classNames;
  /**
   * The batch arrays of the last closed iterator, for the next one: a pass allocates its batch
   * buffers once, not once per pass (with one batch per epoch, every step otherwise left a batch
   * worth of garbage on the JVM heap, which grew the process by ~150 MB before a collection).
   */
  private List<FloatNdArray> spare;

  /**
   * @param xs one array per input, all with the same number of samples
   * @param ys one array per labelled output (empty: unlabelled)
   * @param sampleWeights one (n,) vector per output in {@code ys}, or empty
   */
  public ArrayDataset(List<FloatNdArray> xs, List<FloatNdArray> ys, List<FloatNdArray> sampleWeights, int batchSize,
      boolean shuffle, Long seed, List<String> classNames) {
    if (xs == null || xs.isEmpty() || xs.stream().anyMatch(Objects::isNull)) {
      throw new IllegalArgumentException("Received an invalid value for `x`: " + xs);
    }
    long n = xs.get(0).rank() < 1 ? 0 : xs.get(0).shape().get(0);
    if (n == 0) {
      throw new IllegalArgumentException(
          "Expected `x` to have at least one sample. Received: x.shape=" + Shapes.format(xs.get(0).shape()));
    }
    List<FloatNdArray> all = new ArrayList<>(xs);
    all.addAll(ys);
    all.addAll(sampleWeights);
    for (FloatNdArray a : all) {
      if (a == null || a.rank() < 1 || a.shape().get(0) != n) {
        throw new IllegalArgumentException("Data cardinality is ambiguous: x sizes: " + sizes(xs) + ", y sizes: " + sizes(ys)
            + (sampleWeights.isEmpty() ? "" : ", sample_weight sizes: " + sizes(sampleWeights))
            + ". Make sure all arrays contain the same number of samples.");
      }
    }
    if (!sampleWeights.isEmpty() && sampleWeights.size() != ys.size()) {
      throw new IllegalArgumentException("You should provide one `sample_weight` array per output in `y`. Received "
          + sampleWeights.size() + " sample_weight arrays for " + ys.size() + " outputs.");
    }
    if (batchSize <= 0) {
      throw new IllegalArgumentException("Received an invalid value for `batch_size`, expected a positive integer. Received: batch_size=" + batchSize);
    }
    this.xs = List.copyOf(xs);
    this.ys = List.copyOf(ys);
    this.sampleWeights = List.copyOf(sampleWeights);
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.seed = seed;
    this.classNames = classNames == null ? List.of() : List.copyOf(classNames);
  }

  /** One input array and one label array (null: unlabelled). */
  public ArrayDataset(FloatNdArray x, FloatNdArray y, int batchSize, boolean shuffle, Long seed, List<String> classNames) {
    this(listOf(x), y == null ? List.of() : List.of(y), List.of(), batchSize, shuffle, seed, classNames);
  }

  public ArrayDataset(FloatNdArray x, FloatNdArray y, int batchSize, boolean shuffle) {
    this(x, y, batchSize, shuffle, null, null);
  }

  private static List<FloatNdArray> listOf(FloatNdArray x) {
    if (x == null) {
      throw new IllegalArgumentException("Received an invalid value for `x`: null");
    }
    return List.of(x);
  }

  private static String sizes(List<FloatNdArray> arrays) {
    List<String> out = new ArrayList<>();
    for (FloatNdArray a : arrays) {
      out.add(a == null ? "null" : a.rank() < 1 ? "scalar" : String.valueOf(a.shape().get(0)));
    }
    return out.size() == 1 ? out.get(0) : out.toString();
  }

  /** The (first) input array. */
  public FloatNdArray x() {
    return xs.get(0);
  }

  /** The (first) label array, or null. */
  public FloatNdArray y() {
    return ys.isEmpty() ? null : ys.get(0);
  }

  @Override
  public Shape elementShape() {
    return xs.get(0).shape().tail();
  }

  @Override
  public List<Shape> elementShapes() {
    return tails(xs);
  }

  @Override
  public Shape labelShape() {
    return ys.isEmpty() ? null : ys.get(0).shape().tail();
  }

  @Override
  public List<Shape> labelShapes() {
    return tails(ys);
  }

  @Override
  public boolean hasSampleWeights() {
    return !sampleWeights.isEmpty();
  }

  private static List<Shape> tails(List<FloatNdArray> arrays) {
    List<Shape> out = new ArrayList<>();
    for (FloatNdArray a : arrays) {
      out.add(a.shape().tail());
    }
    return out;
  }

  @Override
  public int batchSize() {
    return batchSize;
  }

  @Override
  public long size() {
    return xs.get(0).shape().get(0);
  }

  @Override
  public List<String> classNames() {
    return classNames;
  }

  /** Samples {@code from} (inclusive) to {@code to} (exclusive) of every array, copied, as a new dataset. */
  public ArrayDataset slice(long from, long to, boolean shuffle) {
    return new ArrayDataset(copyRows(xs, from, to), copyRows(ys, from, to), copyRows(sampleWeights, from, to), batchSize,
        shuffle, seed, classNames);
  }

  private static List<FloatNdArray> copyRows(List<FloatNdArray> arrays, long from, long to) {
    List<FloatNdArray> out = new ArrayList<>();
    for (FloatNdArray a : arrays) {
      out.add(copyRows(a, from, to));
    }
    return out;
  }

  static FloatNdArray copyRows(FloatNdArray a, long from, long to) {
    long[] dims = a.shape().asArray().clone();
    dims[0] = to - from;
    FloatNdArray out = NdArrays.ofFloats(Shape.of(dims));
    for (long i = from; i < to; i++) {
      if (a.rank() == 1) {
        out.setFloat(a.getFloat(i), i - from);
      } else {
        a.get(i).copyTo(out.get(i - from));
      }
    }
    return out;
  }

  @Override
  public BatchIterator iterator() {
    int n = (int) size();
    int[] order = shuffle ? nextOrder() : identity(n);
    List<FloatNdArray> sources = new ArrayList<>(xs);
    sources.addAll(ys);
    sources.addAll(sampleWeights);
    List<FloatNdArray> reused = takeSpare();
    return new BatchIterator() {
      int next = 0;
      /** Full-size batch buffers (kept for the next pass) and the ones in use (smaller for a last partial batch). */
      List<FloatNdArray> full = reused;
      List<FloatNdArray> current = reused;

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
        if (current == null || current.get(0).shape().get(0) != size) {
          current = new ArrayList<>();
          for (FloatNdArray s : sources) {
            current.add(NdArrays.ofFloats(Shape.of(size).append(s.shape().tail())));
          }
          if (size == batchSize) {
            full = current;
          }
        }
        for (int k = 0; k < sources.size(); k++) {
          FloatNdArray src = sources.get(k);
          FloatNdArray dst = current.get(k);
          for (int j = 0; j < size; j++) {
            int i = order[next + j];
            if (src.rank() == 1) {
              dst.setFloat(src.getFloat(i), j);
            } else {
              src.get(i).copyTo(dst.get(j));
            }
          }
        }
        next += size;
        int nx = xs.size();
        int ny = ys.size();
        return new Batch(current.subList(0, nx), current.subList(nx, nx + ny), current.subList(nx + ny, current.size()), size);
      }

      @Override
      public void close() {
        if (full != null) {
          giveSpare(full);
        }
        full = null;
        current = null;
      }
    };
  }

  private synchronized int[] nextOrder() {
    if (order == null) {
      order = TfShuffle.permutations((int) size(), seed);
    }
    return order.nextOrder();
  }

  private static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }

  /** Frees the shuffle's graph (a later shuffled pass makes a new one, starting the seed's sequence again). */
  @Override
  public synchronized void close() {
    if (order != null) {
      order.close();
      order = null;
    }
  }

  private synchronized List<FloatNdArray> takeSpare() {
    List<FloatNdArray> s = spare;
    spare = null;
    return s;
  }

  private synchronized void giveSpare(List<FloatNdArray> buffers) {
    spare = buffers;
  }
}
