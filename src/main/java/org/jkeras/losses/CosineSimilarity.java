package org.jkeras.losses;

import java.util.Map;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code CosineSimilarity(axis=-1)} ({@code "cosine_similarity"}): {@code -sum(l2norm(t) *
 * l2norm(p), axis)}, from -1 (same direction) to 1; a zero vector gives 0.
 *
 * <p>Keras 3.15 leaves {@code axis} out of {@code get_config()}; jkeras writes it when it is not -1.
 */
public class CosineSimilarity extends Loss {
  private final int axis;

  public CosineSimilarity() {
    this(-1);
  }

  public CosineSimilarity(int axis) {
    super("cosine_similarity");
    this.axis = axis;
  }

  public int axis() {
    return axis;
  }

  @Override
  public Operand<TFloat32> call(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    Reduction.SameRank s = sameRank(tf, yTrue, yPred);
    return tf.math.neg(similarity(tf, s.first(), s.second(), axis));
  }

  /** {@code sum(l2norm(t) * l2norm(p), axis)}: the metric's value, the loss's negation. */
  public static Operand<TFloat32> similarity(Ops tf, Operand<TFloat32> t, Operand<TFloat32> p, int axis) {
    return tf.reduceSum(tf.math.mul(normalize(tf, t, axis), normalize(tf, p, axis)), tf.constant(axis));
  }

  /** Keras's {@code ops.normalize(x, axis, order=2)}: {@code x * min(rsqrt(sum(x^2)), 1 / 1e-7)}. */
  static Operand<TFloat32> normalize(Ops tf, Operand<TFloat32> x, int axis) {
    Operand<TFloat32> squareSum = tf.reduceSum(tf.math.square(x), tf.constant(axis), ReduceSum.keepDims(true));
    Operand<TFloat32> invNorm = tf.math.minimum(tf.math.rsqrt(squareSum), tf.constant((float) (1.0 / 1e-7)));
    return tf.math.mul(x, invNorm);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    if (axis != -1) {
      c.put("axis", axis);
    }
    return c;
  }

  /** Keras's {@code from_config}. */
  public static CosineSimilarity fromConfig(Map<String, Object> config) {
    Config c = readConfig("CosineSimilarity", config);
    return withBaseConfig(new CosineSimilarity(c.getInt("axis", -1)), c);
  }
}
