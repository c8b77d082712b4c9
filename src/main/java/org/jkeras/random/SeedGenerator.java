package org.jkeras.random;

import org.jkeras.backend.GraphContext;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt64;

/**
 * Keras's {@code SeedGenerator}: the seed of a random layer. Each call of {@link #next} in a graph
 * gives the stateless seed pair {@code [seed, step]}, where {@code step} is the graph's step counter
 * (see {@link GraphContext#step()}), so a layer draws new numbers every training step yet the same
 * numbers for the same seed, run after run.
 */
public final class SeedGenerator {
  private final long seed;

  /** @param seed fixed seed, or null to draw one from the global seed ({@link Seeds}). */
  public SeedGenerator(Long seed) {
    this.seed = seed != null ? seed : Seeds.next();
  }

  public long seed() {
    return seed;
  }

  /** A [2] int64 seed for TF's stateless random ops. */
  public Operand<TInt64> next(Ops tf) {
    Operand<TInt64> step = GraphContext.of(tf).step();
    return tf.stack(java.util.List.of(tf.constant(seed), step));
  }

  /** A [2] int64 seed that also varies with {@code salt} (e.g. when one layer draws twice). */
  public Operand<TInt64> next(Ops tf, long salt) {
    Operand<TInt64> step = GraphContext.of(tf).step();
    return tf.stack(java.util.List.of(tf.constant(seed * 1_000_003L + salt), step));
  }
}
