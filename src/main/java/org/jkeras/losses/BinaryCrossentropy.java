package org.jkeras.losses;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code BinaryCrossentropy(from_logits=False)} ({@code "binary_crossentropy"}).
 *
 * <p>As in Keras 3 on TensorFlow: when the predictions come straight out of a sigmoid, the loss is
 * computed from the sigmoid's input with {@code sigmoid_cross_entropy_with_logits} (no clipping, so
 * gradients do not vanish when the sigmoid saturates). Otherwise probabilities are clipped to
 * [1e-7, 1 - 1e-7]. The mean is taken over the last axis.
 */
public class BinaryCrossentropy extends Loss {
  static final float EPSILON = 1e-7f;
  private final boolean fromLogits;

  public BinaryCrossentropy() {
    this(false);
  }

  public BinaryCrossentropy(boolean fromLogits) {
    super("binary_crossentropy");
    this.fromLogits = fromLogits;
  }

  public boolean fromLogits() {
    return fromLogits;
  }

  @Override
  public Operand<TFloat32> call(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    Operand<TFloat32> t = matchRank(tf, yTrue, yPred);
    Operand<TFloat32> logits = fromLogits ? yPred : logitsOf(yPred, "Sigmoid");
    Operand<TFloat32> elementwise;
    if (logits != null) {
      // TF's sigmoid_cross_entropy_with_logits: max(x, 0) - x * z + log1p(exp(-|x|)), with max and
      // -|x| written as selects on x >= 0, so that at x = 0 the gradient is sigmoid(0) - z as it
      // should be (abs's gradient there is 0, which dropped the log1p term's -0.5).
      Operand<TFloat32> zeros = tf.zerosLike(logits);
      Operand<TBool> positive = tf.math.greaterEqual(logits, zeros);
      Operand<TFloat32> reluLogits = tf.select(positive, logits, zeros);
      Operand<TFloat32> negAbsLogits = tf.select(positive, tf.math.neg(logits), logits);
      elementwise = tf.math.add(
          tf.math.sub(reluLogits, tf.math.mul(logits, t)),
          tf.math.log1p(tf.math.exp(negAbsLogits)));
    } else {
      Operand<TFloat32> p = tf.clipByValue(yPred, tf.constant(EPSILON), tf.constant(1f - EPSILON));
      Operand<TFloat32> one = tf.constant(1f);
      elementwise = tf.math.neg(tf.math.add(
          tf.math.mul(t, tf.math.log(p)),
          tf.math.mul(tf.math.sub(one, t), tf.math.log(tf.math.sub(one, p)))));
    }
    return tf.math.mean(elementwise, tf.constant(-1));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name());
    c.put("reduction", REDUCTION);
    c.put("from_logits", fromLogits);
    c.put("label_smoothing", 0.0);
    c.put("axis", -1);
    return c;
  }

  /** Keras's {@code from_config}; label smoothing and another axis are not implemented. */
  public static BinaryCrossentropy fromConfig(Map<String, Object> config) {
    Config c = readConfig("BinaryCrossentropy", config);
    c.requireDefault("label_smoothing", 0.0);
    c.requireDefault("axis", -1);
    return new BinaryCrossentropy(c.getBoolean("from_logits", false));
  }
}
