package org.jkeras.losses;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code CategoricalCrossentropy(from_logits=False)} ({@code "categorical_crossentropy"}):
 * one-hot labels. A softmax output is turned back into its logits as Keras 3 does; otherwise the
 * probabilities are renormalised and clipped to [1e-7, 1 - 1e-7].
 */
public class CategoricalCrossentropy extends Loss {
  private final boolean fromLogits;

  public CategoricalCrossentropy() {
    this(false);
  }

  public CategoricalCrossentropy(boolean fromLogits) {
    super("categorical_crossentropy");
    this.fromLogits = fromLogits;
  }

  @Override
  public Operand<TFloat32> call(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    Operand<TFloat32> logits = fromLogits ? yPred : logitsOf(yPred, "Softmax");
    if (logits != null) {
      return tf.nn.softmaxCrossEntropyWithLogits(logits, yTrue).loss();
    }
    Operand<TFloat32> p = tf.math.div(yPred, tf.reduceSum(yPred, tf.constant(-1),
        ReduceSum.keepDims(true)));
    p = tf.clipByValue(p, tf.constant(BinaryCrossentropy.EPSILON), tf.constant(1f - BinaryCrossentropy.EPSILON));
    return tf.math.neg(tf.reduceSum(tf.math.mul(yTrue, tf.math.log(p)), tf.constant(-1)));
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
  public static CategoricalCrossentropy fromConfig(Map<String, Object> config) {
    Config c = readConfig("CategoricalCrossentropy", config);
    c.requireDefault("label_smoothing", 0.0);
    c.requireDefault("axis", -1);
    return new CategoricalCrossentropy(c.getBoolean("from_logits", false));
  }
}
