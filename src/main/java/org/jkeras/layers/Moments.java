package org.jkeras.layers;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code tf.nn.moments(x, axes, keepdims=True)}, what Keras's normalization layers compute their
 * statistics with: the mean, and the mean squared difference from the mean with the mean's
 * gradient stopped (its exact gradient through the variance is zero anyway).
 */
record Moments(Operand<TFloat32> mean, Operand<TFloat32> variance) {

  static Moments of(Ops tf, Operand<TFloat32> x, int[] axes) {
    Operand<TInt32> a = tf.constant(axes);
    Operand<TFloat32> mean = tf.math.mean(x, a, Mean.keepDims(true));
    Operand<TFloat32> variance = tf.math.mean(tf.math.squaredDifference(x, tf.stopGradient(mean)), a, Mean.keepDims(true));
    return new Moments(mean, variance);
  }

  /**
   * {@code x * inv + (beta - mean * inv)} with {@code inv = rsqrt(variance + epsilon) * gamma}, in
   * the op order of Keras's {@code layer_normalization} and GroupNormalization ({@code res =
   * -mean * inv + beta}); {@code gamma} and {@code beta} (broadcastable, or null) are optional.
   */
  Operand<TFloat32> normalize(Ops tf, Operand<TFloat32> x, double epsilon, Operand<TFloat32> gamma,
      Operand<TFloat32> beta) {
    Operand<TFloat32> inv = tf.math.rsqrt(tf.math.add(variance, tf.constant((float) epsilon)));
    if (gamma != null) {
      inv = tf.math.mul(inv, gamma);
    }
    Operand<TFloat32> res = tf.math.mul(tf.math.neg(mean), inv);
    if (beta != null) {
      res = tf.math.add(res, beta);
    }
    return tf.math.add(tf.math.mul(x, inv), res);
  }
}
