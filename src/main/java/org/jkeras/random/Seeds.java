package org.jkeras.random;

import java.util.Random;

/**
 * The global seed source, as {@code keras.utils.set_random_seed}: initializers and random layers
 * created without an explicit seed draw theirs from here, so one call makes a whole run repeatable.
 */
public final class Seeds {
  private static Random random = new Random();

  private Seeds() {}

  public static synchronized void setRandomSeed(long seed) {
    random = new Random(seed);
  }

  /** A fresh seed for an object created without one. */
  public static synchronized long next() {
    return random.nextInt(Integer.MAX_VALUE);
  }
}
