package org.jkeras.losses;

import java.util.Map;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code CategoricalFocalCrossentropy(alpha=0.25, gamma=2.0, from_logits=False,
 * label_smoothing=0.0)} ({@code "categorical_focal_crossentropy"}), one-hot labels: {@code
 * sum(alpha * (1 - p)^gamma * -t * log(p), axis=-1)}, the probabilities renormalised and clipped to
 * [1e-7, 1 - 1e-7] (logits go through a softmax first). Unlike the plain cross-entropy, Keras does
 * not take a softmax output's logits here.
 */
public class CategoricalFocalCrossentropy extends Loss {
  private double alpha = 0.25;
  private double gamma = 2.0;
  private boolean fromLogits;
  private double labelSmoothing;

  public CategoricalFocalCrossentropy() {
    super("categorical_focal_crossentropy");
  }

  /** Keras's {@code CategoricalFocalCrossentropy(alpha, gamma)}. */
  public CategoricalFocalCrossentropy(double alpha, double gamma) {
    this();
    this.alpha = alpha;
    this.gamma = gamma;
  }

  public CategoricalFocalCrossentropy alpha(double alpha) {
    this.alpha = alpha;
    return this;
  }

  public CategoricalFocalCrossentropy gamma(double gamma) {
    this.gamma = gamma;
    return this;
  }

  public CategoricalFocalCrossentropy fromLogits(boolean fromLogits) {
    this.fromLogits = fromLogits;
    return this;
  }

  public CategoricalFocalCrossentropy labelSmoothing(double labelSmoothing) {
    this.labelSmoothing = labelSmoothing;
    return this;
  }

  @Override
  public Operand<TFloat32> call(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    Reduction.SameRank s = sameRank(tf, yTrue, yPred);
    Operand<TFloat32> t = CategoricalCrossentropy.smooth(tf, s.first(), labelSmoothing);
    Operand<TFloat32> p = fromLogits ? tf.nn.softmax(s.second()) : s.second();
    Operand<TFloat32> out = tf.math.div(p, tf.reduceSum(p, tf.constant(-1), ReduceSum.keepDims(true)));
    out = tf.clipByValue(out, tf.constant(BinaryCrossentropy.EPSILON), tf.constant(1f - BinaryCrossentropy.EPSILON));
    Operand<TFloat32> cce = tf.math.mul(tf.math.neg(t), tf.math.log(out));
    Operand<TFloat32> modulating = tf.math.pow(tf.math.sub(tf.constant(1f), out), tf.constant((float) gamma));
    Operand<TFloat32> weighting = tf.math.mul(modulating, tf.constant((float) alpha));
    return tf.reduceSum(tf.math.mul(weighting, cce), tf.constant(-1));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("from_logits", fromLogits);
    c.put("label_smoothing", labelSmoothing);
    c.put("axis", -1);
    c.put("alpha", alpha);
    c.put("gamma", gamma);
    return c;
  }

  /** Keras's {@code from_config}; another axis than the last is not implemented. */
  public static CategoricalFocalCrossentropy fromConfig(Map<String, Object> config) {
    Config c = readConfig("CategoricalFocalCrossentropy", config);
    c.requireDefault("axis", -1);
    CategoricalFocalCrossentropy l = new CategoricalFocalCrossentropy(c.getDouble("alpha", 0.25), c.getDouble("gamma", 2.0))
        .fromLogits(c.getBoolean("from_logits", false)).labelSmoothing(c.getDouble("label_smoothing", 0.0));
    return withBaseConfig(l, c);
  }
}
