package org.jkeras.random;

/**
 * NumPy's legacy {@code np.random.RandomState(seed)}: the MT19937 generator seeded with {@code
 * init_genrand(seed)}, and {@code shuffle} as NumPy draws it (from the last position down, each
 * swap partner by masked rejection sampling, {@code random_interval}). Keras shuffles the files of
 * {@code image_dataset_from_directory} with it, so the same seed gives the same file order here.
 */
public final class NumpyRandomState {
  private static final int N = 624;
  private static final int M = 397;
  private final int[] mt = new int[N];
  private int index = N;

  /** @param seed 0 to 2^32 - 1, as NumPy accepts */
  public NumpyRandomState(long seed) {
    if (seed < 0 || seed > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("Seed must be between 0 and 2**32 - 1. Received: seed=" + seed);
    }
    mt[0] = (int) seed;
    for (int i = 1; i < N; i++) {
      mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
    }
  }

  /** The next 32 random bits, as an unsigned value. */
  public long nextUint32() {
    if (index >= N) {
      twist();
    }
    int y = mt[index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y & 0xFFFFFFFFL;
  }

  private void twist() {
    for (int i = 0; i < N; i++) {
      int y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
      mt[i] = mt[(i + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
    }
    index = 0;
  }

  /** NumPy's {@code random_interval(max)}: uniform in 0..max (inclusive), for max below 2^32. */
  long interval(long max) {
    if (max == 0) {
      return 0;
    }
    long mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    long value;
    do {
      value = nextUint32() & mask;
    } while (value > max);
    return value;
  }

  /** {@code rng.shuffle(x)} of a list of {@code n} items: the permutation as positions (item at i moves from order[i]). */
  public int[] permutation(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = (int) interval(i);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
