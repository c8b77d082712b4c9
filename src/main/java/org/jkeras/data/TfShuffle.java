package org.jkeras.data;

import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.data.ShuffleDataset;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * jkeras's one shuffle: tf.data's own {@code shuffle(buffer_size, seed, reshuffle_each_iteration)},
 * run by TF on the positions {@code 0..n-1} of a pass, so that a pass visits its items in exactly
 * the order tf.data would (the same buffer semantics: an item can only come out once it is among the
 * next {@code buffer_size} not yet taken). The positions are shuffled by TF's {@code
 * ShuffleDatasetV3} over {@code range(n)}, repeated forever and read one pass at a time from one
 * iterator that lives as long as this object: each pass is a new iteration of the same shuffled
 * dataset, as every {@code for x in ds} is in Python, so the passes reshuffle as tf.data's do.
 *
 * <p>Seeds as tf.data without a global seed: an operation seed {@code s} runs with the seeds
 * (87654321, s mod (2^31 - 1)); no seed lets TF draw them (different orders run after run).
 */
final class TfShuffle implements AutoCloseable {
  /** TF's {@code DEFAULT_GRAPH_SEED}, the global seed paired with an operation seed when none is set. */
  private static final long DEFAULT_GRAPH_SEED = 87654321L;
  private static final long MAXINT32 = 2147483647L;

  private final int n;
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
    List<Class<? extends TType>> types = List.of(TInt64.class);
    List<Shape> scalar = List.of(Shape.scalar());
    Operand<?> range = tf.data.rangeDataset(tf.constant(0L), tf.constant((long) n), tf.constant(1L), types, scalar);
    long seed1 = seed == null ? 0 : DEFAULT_GRAPH_SEED;
    long seed2 = seed == null ? 0 : Math.floorMod(seed, MAXINT32);
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
