package org.jkeras.random;

import java.util.List;
import org.jkeras.backend.CallContext;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt64;

/**
 * Keras's {@code SeedGenerator}: the seed of a random layer. Each call of {@link #next} in a graph
 * gives the stateless seed pair {@code [seed, step]}, where {@code step} is the call context's step
 * counter ({@link CallContext#seedStep()}, fed by the trainer), so a layer draws new numbers every training step yet the same
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

  /** A [2] int64 seed for TF's stateless random ops: this generator's seed and the context's step. */
  public Operand<TInt64> next(CallContext ctx) {
    Ops tf = ctx.tf();
    return tf.stack(List.of(tf.constant(seed), ctx.seedStep()));
  }

  /** A [2] int64 seed that also varies with {@code salt} (e.g. when one layer draws twice). */
  public Operand<TInt64> next(CallContext ctx, long salt) {
    Ops tf = ctx.tf();
    return tf.stack(List.of(tf.constant(seed * 1_000_003L + salt), ctx.seedStep()));
  }
}
