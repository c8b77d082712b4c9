package org.jkeras.data;

import java.util.List;
import org.jkeras.random.Seeds;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.data.ShuffleDataset;
import org.tensorflow.op.random.RandomShuffle;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * jkeras's one shuffle, by TF's own kernels, in the two forms Keras uses on the TensorFlow backend:
 *
 * <ul>
 *   <li>tf.data's {@code shuffle(buffer_size, seed, reshuffle_each_iteration)} (datasets, image
 *       folders): run by TF on the positions {@code 0..n-1} of a pass, so that a pass visits its items
 *       in exactly the order tf.data would (the same buffer semantics: an item can only come out once
 *       it is among the next {@code buffer_size} not yet taken). The positions are shuffled by TF's
 *       {@code ShuffleDatasetV3} over {@code range(n)}, repeated forever and read one pass at a time
 *       from one iterator that lives as long as this object: each pass is a new iteration of the same
 *       shuffled dataset, as every {@code for x in ds} is in Python, so the passes reshuffle as
 *       tf.data's do.
 *   <li>Keras's array data adapter ({@code fit(x, y, shuffle=True)} on arrays, see {@link
 *       #permutations}): each pass is {@code tf.random.shuffle(tf.range(n))}, a whole permutation from
 *       TF's {@code RandomShuffle} kernel, which lives as long as this object, so each pass draws the
 *       next permutation of the same seeded sequence.
 * </ul>
 *
 * <p>Seeds as TF's: an operation seed {@code s} runs with the seeds (g, s mod (2^31 - 1)), where g
 * is the global seed {@code Seeds.setRandomSeed} set (as {@code keras.utils.set_random_seed} sets
 * TF's), else TF's default graph seed 87654321; no seed lets TF draw them (different orders run
 * after run). The global seed is read when the shuffle is first used.
 */
final class TfShuffle implements AutoCloseable {
  /** TF's {@code DEFAULT_GRAPH_SEED}, the global seed paired with an operation seed when none is set. */
  private static final long DEFAULT_GRAPH_SEED = 87654321L;
  private static final long MAXINT32 = 2147483647L;

  private final int n;
  /** tf.data's buffer size, or 0 for whole permutations ({@link #permutations}). */
  private final long bufferSize;
  private final Long seed;
  private final boolean reshuffle;
  private Graph graph;
  private Session session;
  private Operand<?> next;

  TfShuffle(int n, long bufferSize, Long seed, boolean reshuffleEachIteration) {
    if (bufferSize <= 0) {
      throw new IllegalArgumentException("Received an invalid value for `buffer_size`, expected a positive integer."
          + " Received: buffer_size=" + bufferSize);
    }
    this.n = n;
    this.bufferSize = bufferSize;
    this.seed = seed;
    this.reshuffle = reshuffleEachIteration;
  }

  /**
   * Keras's shuffle of arrays on the TensorFlow backend: every pass is the next value of {@code
   * tf.random.shuffle(tf.range(n), seed=seed)} (TF's {@code RandomShuffle} kernel), e.g. for seed 5
   * and n 10 the passes [1, 3, 2, 7, 6, 9, 0, 5, 8, 4], [8, 4, 7, 1, 9, 6, 0, 5, 3, 2]...
   */
  static TfShuffle permutations(int n, Long seed) {
    return new TfShuffle(n, seed);
  }

  private TfShuffle(int n, Long seed) {
    this.n = n;
    this.bufferSize = 0;
    this.seed = seed;
    this.reshuffle = true;
  }

  /** The positions of the next pass, in the order to visit them. */
  synchronized int[] nextOrder() {
    if (n == 0) {
      return new int[0];
    }
    if (session == null) {
      build();
    }
    try (Result r = session.runner().fetch(next).run()) {
      TInt64 t = (TInt64) r.get(0);
      int[] order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = (int) t.getLong(i);
      }
      return order;
    }
  }

  private void build() {
    graph = new Graph();
    Ops tf = Ops.create(graph);
    Long global = Seeds.globalSeed();
    long seed1 = seed == null ? 0 : global == null ? DEFAULT_GRAPH_SEED : Math.floorMod(global, MAXINT32);
    long seed2 = seed == null ? 0 : Math.floorMod(seed, MAXINT32);
    if (seed != null && seed1 == 0 && seed2 == 0) {
      seed2 = MAXINT32; // TF's get_seed: (0, 0) would mean "draw at random"
    }
    if (bufferSize == 0) {
      next = tf.random.randomShuffle(tf.range(tf.constant(0L), tf.constant((long) n), tf.constant(1L)),
          RandomShuffle.seed(seed1), RandomShuffle.seed2(seed2));
      session = new Session(graph);
      return;
    }
    List<Class<? extends TType>> types = List.of(TInt64.class);
    List<Shape> scalar = List.of(Shape.scalar());
    Operand<?> range = tf.data.rangeDataset(tf.constant(0L), tf.constant((long) n), tf.constant(1L), types, scalar);
    Operand<?> shuffled = tf.data.shuffleDataset(range, tf.constant(bufferSize), tf.constant(seed1), tf.constant(seed2),
        tf.random.dummySeedGenerator(), types, scalar, ShuffleDataset.reshuffleEachIteration(reshuffle));
    Operand<?> passes = tf.data.repeatDataset(shuffled, tf.constant(-1L), types, scalar);
    List<Shape> vector = List.of(Shape.of(n));
    Operand<?> batched = tf.data.batchDataset(passes, tf.constant((long) n), tf.constant(true), types, vector);
    Operand<?> iterator = tf.data.iterator("", "", types, vector);
    session = new Session(graph);
    session.runner().addTarget(tf.data.makeIterator(batched, iterator)).run();
    next = tf.data.iteratorGetNext(iterator, types, vector).components().get(0);
  }

  @Override
  public synchronized void close() {
    if (session != null) {
      session.close();
      graph.close();
      session = null;
    }
  }
}
