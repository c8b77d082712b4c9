package org.jkeras.losses;

import java.util.Map;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code CategoricalCrossentropy(from_logits=False, label_smoothing=0.0)} ({@code
 * "categorical_crossentropy"}): one-hot labels. A softmax output is turned back into its logits as
 * Keras 3 does; otherwise the probabilities are renormalised and clipped to [1e-7, 1 - 1e-7]. Label
 * smoothing spreads {@code s} over the classes: {@code t * (1 - s) + s / classes}.
 */
public class CategoricalCrossentropy extends Loss {
  private boolean fromLogits;
  private double labelSmoothing;

  public CategoricalCrossentropy() {
    this(false);
  }

  public CategoricalCrossentropy(boolean fromLogits) {
    this(fromLogits, 0.0);
  }

  /** Keras's {@code CategoricalCrossentropy(from_logits, label_smoothing)}. */
  public CategoricalCrossentropy(boolean fromLogits, double labelSmoothing) {
    super("categorical_crossentropy");
    this.fromLogits = fromLogits;
    this.labelSmoothing = labelSmoothing;
  }

  public boolean fromLogits() {
    return fromLogits;
  }

  public CategoricalCrossentropy fromLogits(boolean fromLogits) {
    this.fromLogits = fromLogits;
    return this;
  }

  public double labelSmoothing() {
    return labelSmoothing;
  }

  public CategoricalCrossentropy labelSmoothing(double labelSmoothing) {
    this.labelSmoothing = labelSmoothing;
    return this;
  }

  @Override
  public Operand<TFloat32> call(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    Reduction.SameRank s = sameRank(tf, yTrue, yPred);
    Operand<TFloat32> t = smooth(tf, s.first(), labelSmoothing);
    Operand<TFloat32> p = s.second();
    Operand<TFloat32> logits = fromLogits ? p : logitsOf(p, "Softmax");
    if (logits != null) {
      return tf.nn.softmaxCrossEntropyWithLogits(logits, t).loss();
    }
    Operand<TFloat32> q = tf.math.div(p, tf.reduceSum(p, tf.constant(-1), ReduceSum.keepDims(true)));
    q = tf.clipByValue(q, tf.constant(BinaryCrossentropy.EPSILON), tf.constant(1f - BinaryCrossentropy.EPSILON));
    return tf.math.neg(tf.reduceSum(tf.math.mul(t, tf.math.log(q)), tf.constant(-1)));
  }

  /**
   * Keras's categorical label smoothing, {@code t * (1 - s) + s / classes}, in float32 as Keras
   * computes it (nothing when s is 0).
   */
  static Operand<TFloat32> smooth(Ops tf, Operand<TFloat32> t, double s) {
    if (s == 0) {
      return t;
    }
    int last = t.shape().numDimensions() - 1;
    Operand<TFloat32> classes = t.shape().get(last) > 0 ? tf.constant((float) t.shape().get(last))
        : tf.dtypes.cast(tf.reshape(tf.slice(tf.shape(t), tf.constant(new int[] {last}), tf.constant(new int[] {1})),
            tf.constant(new int[0])), TFloat32.class);
    return tf.math.add(tf.math.mul(t, tf.constant((float) (1.0 - s))), tf.math.div(tf.constant((float) s), classes));
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
  public static CategoricalCrossentropy fromConfig(Map<String, Object> config) {
    Config c = readConfig("CategoricalCrossentropy", config);
    c.requireDefault("axis", -1);
    return withBaseConfig(new CategoricalCrossentropy(c.getBoolean("from_logits", false),
        c.getDouble("label_smoothing", 0.0)), c);
  }
}
