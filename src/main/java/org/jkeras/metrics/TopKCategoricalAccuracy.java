package org.jkeras.metrics;

import java.util.Map;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Keras's {@code TopKCategoricalAccuracy(k=5)} ({@code "top_k_categorical_accuracy"}): one-hot
 * labels; a sample counts when its label's class is among the k largest predictions (TF's {@code
 * in_top_k}: classes tied at the k-th value all count).
 */
public class TopKCategoricalAccuracy extends MeanMetricWrapper {
  private final int k;

  public TopKCategoricalAccuracy() {
    this(5);
  }

  public TopKCategoricalAccuracy(int k) {
    super("top_k_categorical_accuracy");
    this.k = k;
  }

  public int k() {
    return k;
  }

  @Override
  public Operand<TFloat32> values(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    Operand<TInt32> labels = tf.dtypes.cast(tf.math.argMax(yTrue, tf.constant(-1)), TInt32.class);
    return inTopK(tf, labels, yPred, k);
  }

  /**
   * Keras's {@code in_top_k} on labels of any rank: predictions flattened to (samples, classes),
   * labels to (samples,), the matches given back the labels' shape.
   */
  static Operand<TFloat32> inTopK(Ops tf, Operand<TInt32> labels, Operand<TFloat32> yPred, int k) {
    int predRank = yPred.shape().numDimensions();
    if (predRank > 2) {
      yPred = tf.reshape(yPred, tf.constant(new long[] {-1, yPred.shape().get(predRank - 1)}));
    }
    Operand<TInt32> labelShape = tf.shape(labels);
    Operand<TInt32> flat = labels.shape().numDimensions() > 1 ? tf.reshape(labels, tf.constant(new int[] {-1})) : labels;
    Operand<TFloat32> matches = tf.dtypes.cast(tf.nn.inTopK(yPred, flat, tf.constant(k)), TFloat32.class);
    return labels.shape().numDimensions() > 1 ? tf.reshape(matches, labelShape) : matches;
  }

  @Override
  public String direction() {
    return "up";
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("k", k);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static TopKCategoricalAccuracy fromConfig(Map<String, Object> config) {
    Config c = readConfig("TopKCategoricalAccuracy", config);
    return withName(new TopKCategoricalAccuracy(c.getInt("k", 5)), c);
  }
}
