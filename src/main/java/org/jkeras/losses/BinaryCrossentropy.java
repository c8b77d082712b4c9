package org.jkeras.losses;

import java.util.Map;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code BinaryCrossentropy(from_logits=False, label_smoothing=0.0)} ({@code
 * "binary_crossentropy"}, {@code "bce"}).
 *
 * <p>As in Keras 3 on TensorFlow: when the predictions come straight out of a sigmoid, the loss is
 * computed from the sigmoid's input with {@code sigmoid_cross_entropy_with_logits} (no clipping, so
 * gradients do not vanish when the sigmoid saturates). Otherwise probabilities are clipped to
 * [1e-7, 1 - 1e-7]. Label smoothing moves the labels towards 0.5: {@code t * (1 - s) + 0.5 * s}.
 * The mean is taken over the last axis.
 */
public class BinaryCrossentropy extends Loss {
  static final float EPSILON = 1e-7f;
  private boolean fromLogits;
  private double labelSmoothing;

  public BinaryCrossentropy() {
    this(false);
  }

  public BinaryCrossentropy(boolean fromLogits) {
    this(fromLogits, 0.0);
  }

  /** Keras's {@code BinaryCrossentropy(from_logits, label_smoothing)}. */
  public BinaryCrossentropy(boolean fromLogits, double labelSmoothing) {
    super("binary_crossentropy");
    this.fromLogits = fromLogits;
    this.labelSmoothing = labelSmoothing;
  }

  public boolean fromLogits() {
    return fromLogits;
  }

  public BinaryCrossentropy fromLogits(boolean fromLogits) {
    this.fromLogits = fromLogits;
    return this;
  }

  public double labelSmoothing() {
    return labelSmoothing;
  }

  public BinaryCrossentropy labelSmoothing(double labelSmoothing) {
    this.labelSmoothing = labelSmoothing;
    return this;
  }

  @Override
  public Operand<TFloat32> call(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    Reduction.SameRank s = sameRank(tf, yTrue, yPred);
    Operand<TFloat32> t = smooth(tf, s.first(), labelSmoothing);
    return tf.math.mean(crossentropy(tf, t, s.second(), fromLogits), tf.constant(-1));
  }

  /** Keras's binary label smoothing: {@code t * (1 - s) + 0.5 * s} (nothing when s is 0). */
  static Operand<TFloat32> smooth(Ops tf, Operand<TFloat32> t, double s) {
    if (s == 0) {
      return t;
    }
    return tf.math.add(tf.math.mul(t, tf.constant((float) (1.0 - s))), tf.constant((float) (0.5 * s)));
  }

  /**
   * Keras's {@code ops.binary_crossentropy(target, output, from_logits)} on TensorFlow, element by
   * element: from the logits of a sigmoid output (or of {@code output} itself when {@code
   * fromLogits}), else from probabilities clipped to [1e-7, 1 - 1e-7].
   */
  static Operand<TFloat32> crossentropy(Ops tf, Operand<TFloat32> t, Operand<TFloat32> output, boolean fromLogits) {
    Operand<TFloat32> logits = fromLogits ? output : logitsOf(output, "Sigmoid");
    if (logits != null) {
      // TF's sigmoid_cross_entropy_with_logits: max(x, 0) - x * z + log1p(exp(-|x|)), with max and
      // -|x| written as selects on x >= 0, so that at x = 0 the gradient is sigmoid(0) - z as it
      // should be (abs's gradient there is 0, which dropped the log1p term's -0.5).
      Operand<TFloat32> zeros = tf.zerosLike(logits);
      Operand<TBool> positive = tf.math.greaterEqual(logits, zeros);
      Operand<TFloat32> reluLogits = tf.select(positive, logits, zeros);
      Operand<TFloat32> negAbsLogits = tf.select(positive, tf.math.neg(logits), logits);
      return tf.math.add(
          tf.math.sub(reluLogits, tf.math.mul(logits, t)),
          tf.math.log1p(tf.math.exp(negAbsLogits)));
    }
    Operand<TFloat32> p = tf.clipByValue(output, tf.constant(EPSILON), tf.constant(1f - EPSILON));
    Operand<TFloat32> one = tf.constant(1f);
    return tf.math.neg(tf.math.add(
        tf.math.mul(t, tf.math.log(p)),
        tf.math.mul(tf.math.sub(one, t), tf.math.log(tf.math.sub(one, p)))));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("from_logits", fromLogits);
    c.put("label_smoothing", labelSmoothing);
    c.put("axis", -1);
    return c;
  }

  /** Keras's {@code from_config}; another axis than the last is not implemented. */
  public static BinaryCrossentropy fromConfig(Map<String, Object> config) {
    Config c = readConfig("BinaryCrossentropy", config);
    c.requireDefault("axis", -1);
    return withBaseConfig(new BinaryCrossentropy(c.getBoolean("from_logits", false), c.getDouble("label_smoothing", 0.0)), c);
  }
}
