package org.jkeras.layers.preprocessing;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.random.StatelessRandomGetKeyCounterAlg;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The random draws of Keras's augmentation layers beyond {@link BaseImagePreprocessingLayer}'s
 * uniform ones, from stateless seeds and without gradient (Keras's draws are constants to
 * autodiff): coin flips with a random probability, Beta and Dirichlet weights, permutations, and
 * per-batch values repeated on every row of a transformation.
 */
final class Draws {
  private Draws() {}

  /**
   * Keras's "apply with probability p, p ~ U[lower, upper]" ({@code RandomInvert}, {@code
   * RandomGaussianBlur}, {@code RandomErasing}, {@code RandomPerspective}): {@code U[0, 1) < p}, as
   * 1 or 0 in a (batch, 1) column.
   */
  static Operand<TFloat32> coin(Ops tf, Operand<TFloat32> images, double[] probability, Operand<TInt64> seedP,
      Operand<TInt64> seedU) {
    Operand<TFloat32> p = BaseImagePreprocessingLayer.uniform(tf, images, 1, probability[0], probability[1], seedP);
    Operand<TFloat32> u = BaseImagePreprocessingLayer.uniform(tf, images, 1, 0, 1, seedU);
    return tf.dtypes.cast(tf.math.less(u, p), TFloat32.class);
  }

  /** Gamma(alpha, 1) draws of the given shape (TF's stateless gamma, as {@code keras.random.gamma}). */
  static Operand<TFloat32> gamma(Ops tf, Operand<TInt32> shape, Operand<TFloat32> alpha, Operand<TInt64> seed) {
    StatelessRandomGetKeyCounterAlg kca = tf.random.statelessRandomGetKeyCounterAlg(seed);
    // As Keras: alpha broadcast to the output shape (TF's op matches it against the rightmost dimensions only).
    Operand<TFloat32> g = tf.random.statelessRandomGamma(shape, kca.key(), kca.counter(), kca.alg(),
        tf.broadcastTo(alpha, shape));
    return tf.stopGradient(g);
  }

  /** Beta(alpha, alpha) draws, as {@code keras.random.beta}: {@code g1 / (g1 + g2)} of two Gamma(alpha) draws. */
  static Operand<TFloat32> beta(Ops tf, Operand<TInt32> shape, Operand<TFloat32> alpha, Operand<TInt64> seed1,
      Operand<TInt64> seed2) {
    Operand<TFloat32> g1 = gamma(tf, shape, alpha, seed1);
    Operand<TFloat32> g2 = gamma(tf, shape, alpha, seed2);
    return tf.math.div(g1, tf.math.add(g1, g2));
  }

  /** A random permutation of 0..batch-1 as a (batch, 1) float column (the order of batch uniforms, as a shuffle). */
  static Operand<TFloat32> permutation(Ops tf, Operand<TFloat32> images, Operand<TInt64> seed) {
    Operand<TInt32> n = BaseImagePreprocessingLayer.batchSize(tf, images);
    Operand<TFloat32> u = tf.stopGradient(tf.random.statelessRandomUniform(n, seed));
    Operand<TInt32> order = tf.nn.topK(u, tf.reshape(n, tf.constant(new int[0])), TInt32.class).indices();
    return tf.reshape(tf.dtypes.cast(order, TFloat32.class), tf.constant(new int[] {-1, 1}));
  }

  /** A (k) vector drawn once for the batch, repeated on each of the batch's rows: (batch, k). */
  static Operand<TFloat32> everyRow(Ops tf, Operand<TFloat32> images, Operand<TFloat32> row) {
    Operand<TFloat32> r = tf.reshape(row, tf.constant(new int[] {1, -1}));
    Operand<TInt32> shape = tf.concat(List.of(BaseImagePreprocessingLayer.batchSize(tf, images),
        tf.slice(tf.shape(r), tf.constant(new int[] {1}), tf.constant(new int[] {1}))), tf.constant(0));
    return tf.broadcastTo(r, shape);
  }

  /** {@code n} uniform draws in [lower, upper) for the whole batch, as a (n) vector. */
  static Operand<TFloat32> uniformVector(Ops tf, int n, double lower, double upper, Operand<TInt64> seed) {
    Operand<TFloat32> u = tf.stopGradient(tf.random.statelessRandomUniform(tf.constant(new int[] {n}), seed));
    return tf.math.add(tf.math.mul(u, tf.constant((float) (upper - lower))), tf.constant((float) lower));
  }

  /** {@code n} integers uniform in [0, bound) for the whole batch, as a float (n) vector. */
  static Operand<TFloat32> integers(Ops tf, int n, int bound, Operand<TInt64> seed) {
    Operand<TInt32> i = tf.random.statelessRandomUniformInt(tf.constant(new int[] {n}), seed, tf.constant(0),
        tf.constant(bound));
    return tf.dtypes.cast(i, TFloat32.class);
  }
}
