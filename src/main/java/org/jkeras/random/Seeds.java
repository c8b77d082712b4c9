package org.jkeras.random;

import java.util.Random;

/**
 * The global seed source, as {@code keras.utils.set_random_seed}: initializers and random layers
 * created without an explicit seed draw theirs from here, so one call makes a whole run repeatable.
 */
public final class Seeds {
  private static Random random = new Random();
  private static Long globalSeed;

  private Seeds() {}

  /**
   * Keras's {@code keras.utils.set_random_seed(seed)}: the seed source of objects created without
   * a seed, and TensorFlow's global seed (which that call sets too, {@code tf.random.set_seed}),
   * {@link #globalSeed()}.
   */
  public static synchronized void setRandomSeed(long seed) {
    random = new Random(seed);
    globalSeed = seed;
  }

  /** TF's {@code tf.random.set_seed(None)}: no global seed, as in a fresh process (the seed source is kept). */
  public static synchronized void resetGlobalSeed() {
    globalSeed = null;
  }

  /**
   * TF's global seed as {@link #setRandomSeed} set it, or null when it was never set: TF pairs an
   * operation's seed with it (a tf.data shuffle's order depends on both).
   */
  public static synchronized Long globalSeed() {
    return globalSeed;
  }

  /** A fresh seed for an object created without one. */
  public static synchronized long next() {
    return random.nextInt(Integer.MAX_VALUE);
  }
}
