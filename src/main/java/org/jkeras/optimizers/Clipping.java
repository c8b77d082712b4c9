package org.jkeras.optimizers;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Gradient clipping as Keras 3 does it on the TensorFlow backend. */
final class Clipping {
  private Clipping() {}

  /**
   * {@code tf.clip_by_norm(g, clip_norm)} (Keras's {@code clipnorm} on TF): {@code g * clip_norm /
   * max(||g||, clip_norm)}, with a zero gradient left as it is.
   */
  static Operand<TFloat32> clipByNorm(Ops tf, Operand<TFloat32> g, float clipNorm) {
    Operand<TInt32> all = tf.range(tf.constant(0), tf.rank(g), tf.constant(1));
    Operand<TFloat32> l2sum = tf.reduceSum(tf.math.mul(g, g), all, ReduceSum.keepDims(true));
    Operand<TBool> positive = tf.math.greater(l2sum, tf.constant(0f));
    Operand<TFloat32> safe = tf.select(positive, l2sum, tf.onesLike(l2sum));
    Operand<TFloat32> l2norm = tf.select(positive, tf.math.sqrt(safe), l2sum);
    Operand<TFloat32> c = tf.constant(clipNorm);
    return tf.math.div(tf.math.mul(g, c), tf.math.maximum(l2norm, c));
  }

  /**
   * Keras's {@code clip_by_global_norm}: every gradient times {@code clip_norm * min(1 / n, 1 /
   * clip_norm)}, {@code n} the L2 norm of all gradients together (NaN when n is not finite).
   */
  static List<Operand<TFloat32>> clipByGlobalNorm(Ops tf, List<Operand<TFloat32>> grads, float clipNorm) {
    Operand<TFloat32> squared = null;
    for (Operand<TFloat32> g : grads) {
      Operand<TFloat32> s = tf.reduceSum(tf.math.square(g), tf.range(tf.constant(0), tf.rank(g), tf.constant(1)));
      squared = squared == null ? s : tf.math.add(squared, s);
    }
    Operand<TFloat32> norm = tf.math.sqrt(squared);
    Operand<TFloat32> c = tf.constant(clipNorm);
    Operand<TFloat32> scale = tf.math.mul(c, tf.math.minimum(tf.math.reciprocal(norm), tf.constant(1f / clipNorm)));
    scale = tf.math.add(scale, tf.math.sub(norm, norm));
    List<Operand<TFloat32>> out = new ArrayList<>();
    for (Operand<TFloat32> g : grads) {
      out.add(tf.math.mul(g, scale));
    }
    return out;
  }
}
