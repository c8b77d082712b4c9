package org.jkeras.losses;

import java.util.Map;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code BinaryFocalCrossentropy(apply_class_balancing=False, alpha=0.25, gamma=2.0,
 * from_logits=False, label_smoothing=0.0)} ({@code "binary_focal_crossentropy"}): the binary
 * cross-entropy times {@code (1 - p_t)^gamma}, {@code p_t = t * p + (1 - t) * (1 - p)}, and with
 * class balancing times {@code alpha} for positives, {@code 1 - alpha} for negatives; the mean over
 * the last axis. As in Keras, logits go through a sigmoid first, and the cross-entropy of a sigmoid
 * output is taken from its logits.
 */
public class BinaryFocalCrossentropy extends Loss {
  private boolean applyClassBalancing;
  private double alpha = 0.25;
  private double gamma = 2.0;
  private boolean fromLogits;
  private double labelSmoothing;

  public BinaryFocalCrossentropy() {
    super("binary_focal_crossentropy");
  }

  /** Keras's {@code BinaryFocalCrossentropy(apply_class_balancing)}. */
  public BinaryFocalCrossentropy(boolean applyClassBalancing) {
    this();
    this.applyClassBalancing = applyClassBalancing;
  }

  /** Keras's {@code BinaryFocalCrossentropy(apply_class_balancing, alpha, gamma)}. */
  public BinaryFocalCrossentropy(boolean applyClassBalancing, double alpha, double gamma) {
    this(applyClassBalancing);
    this.alpha = alpha;
    this.gamma = gamma;
  }

  public BinaryFocalCrossentropy applyClassBalancing(boolean applyClassBalancing) {
    this.applyClassBalancing = applyClassBalancing;
    return this;
  }

  public BinaryFocalCrossentropy alpha(double alpha) {
    this.alpha = alpha;
    return this;
  }

  public BinaryFocalCrossentropy gamma(double gamma) {
    this.gamma = gamma;
    return this;
  }

  public BinaryFocalCrossentropy fromLogits(boolean fromLogits) {
    this.fromLogits = fromLogits;
    return this;
  }

  public BinaryFocalCrossentropy labelSmoothing(double labelSmoothing) {
    this.labelSmoothing = labelSmoothing;
    return this;
  }

  @Override
  public Operand<TFloat32> call(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    Reduction.SameRank s = sameRank(tf, yTrue, yPred);
    Operand<TFloat32> t = BinaryCrossentropy.smooth(tf, s.first(), labelSmoothing);
    Operand<TFloat32> p = fromLogits ? tf.math.sigmoid(s.second()) : s.second();
    Operand<TFloat32> bce = BinaryCrossentropy.crossentropy(tf, t, p, false);
    Operand<TFloat32> one = tf.constant(1f);
    Operand<TFloat32> pT = tf.math.add(tf.math.mul(t, p), tf.math.mul(tf.math.sub(one, t), tf.math.sub(one, p)));
    Operand<TFloat32> focal = tf.math.mul(tf.math.pow(tf.math.sub(one, pT), tf.constant((float) gamma)), bce);
    if (applyClassBalancing) {
      Operand<TFloat32> weight = tf.math.add(tf.math.mul(t, tf.constant((float) alpha)),
          tf.math.mul(tf.math.sub(one, t), tf.constant((float) (1 - alpha))));
      focal = tf.math.mul(weight, focal);
    }
    return tf.math.mean(focal, tf.constant(-1));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("from_logits", fromLogits);
    c.put("label_smoothing", labelSmoothing);
    c.put("axis", -1);
    c.put("apply_class_balancing", applyClassBalancing);
    c.put("alpha", alpha);
    c.put("gamma", gamma);
    return c;
  }

  /** Keras's {@code from_config}; another axis than the last is not implemented. */
  public static BinaryFocalCrossentropy fromConfig(Map<String, Object> config) {
    Config c = readConfig("BinaryFocalCrossentropy", config);
    c.requireDefault("axis", -1);
    BinaryFocalCrossentropy l = new BinaryFocalCrossentropy(c.getBoolean("apply_class_balancing", false),
        c.getDouble("alpha", 0.25), c.getDouble("gamma", 2.0))
        .fromLogits(c.getBoolean("from_logits", false)).labelSmoothing(c.getDouble("label_smoothing", 0.0));
    return withBaseConfig(l, c);
  }
}
