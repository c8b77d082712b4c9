package org.jkeras.metrics;

import java.util.Map;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Keras's {@code SparseTopKCategoricalAccuracy(k=5, from_sorted_ids=False)} ({@code
 * "sparse_top_k_categorical_accuracy"}): integer labels (truncated to int32 as Keras casts them); a
 * sample counts when its label is among the k largest predictions, or, with {@code fromSortedIds},
 * among the first k class ids of each prediction row (ids already sorted by score).
 */
public class SparseTopKCategoricalAccuracy extends MeanMetricWrapper {
  private final int k;
  private boolean fromSortedIds;

  public SparseTopKCategoricalAccuracy() {
    this(5);
  }

  public SparseTopKCategoricalAccuracy(int k) {
    super("sparse_top_k_categorical_accuracy");
    this.k = k;
  }

  public SparseTopKCategoricalAccuracy fromSortedIds(boolean fromSortedIds) {
    this.fromSortedIds = fromSortedIds;
    return this;
  }

  @Override
  public Operand<TFloat32> values(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    if (!fromSortedIds) {
      return TopKCategoricalAccuracy.inTopK(tf, tf.dtypes.cast(yTrue, TInt32.class), yPred, k);
    }
    Operand<TFloat32> labels = yTrue.shape().numDimensions() > 1 ? tf.reshape(yTrue, tf.constant(new int[] {-1})) : yTrue;
    Operand<TFloat32> firstK = tf.slice(yPred, tf.constant(new int[] {0, 0}), tf.constant(new int[] {-1, k}));
    Operand<TFloat32> matches = tf.dtypes.cast(tf.reduceAny(tf.math.equal(tf.expandDims(labels, tf.constant(1)), firstK),
        tf.constant(1)), TFloat32.class);
    return yTrue.shape().numDimensions() > 1 ? tf.reshape(matches, tf.shape(yTrue)) : matches;
  }

  @Override
  public String direction() {
    return "up";
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("k", k);
    if (fromSortedIds) {
      c.put("from_sorted_ids", true);
    }
    return c;
  }

  /** Keras's {@code from_config}. */
  public static SparseTopKCategoricalAccuracy fromConfig(Map<String, Object> config) {
    Config c = readConfig("SparseTopKCategoricalAccuracy", config);
    return withName(new SparseTopKCategoricalAccuracy(c.getInt("k", 5)).fromSortedIds(c.getBoolean("from_sorted_ids",
        false)), c);
  }
}
