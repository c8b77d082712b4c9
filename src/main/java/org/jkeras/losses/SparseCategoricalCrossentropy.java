package org.jkeras.losses;

import java.util.Map;
import org.jkeras.backend.Gradients;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Keras's {@code SparseCategoricalCrossentropy(from_logits=False)}
 * ({@code "sparse_categorical_crossentropy"}): integer class labels, shape (batch,) or (batch, 1).
 */
public class SparseCategoricalCrossentropy extends Loss {
  private final boolean fromLogits;

  public SparseCategoricalCrossentropy() {
    this(false);
  }

  public SparseCategoricalCrossentropy(boolean fromLogits) {
    super("sparse_categorical_crossentropy");
    this.fromLogits = fromLogits;
  }

  /**
   * As Keras 3 on TensorFlow: the logits of a softmax output (or the clipped log-probabilities
   * otherwise) into TF's {@code SparseSoftmaxCrossEntropyWithLogits}, which refuses a label outside
   * [0, classes) when the step runs ("Received a label value of 7 which is outside the valid range
   * of [0, 3)"), as Keras does.
   */
  @Override
  public Operand<TFloat32> call(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    Operand<TInt64> labels = tf.dtypes.cast(tf.reshape(yTrue, tf.constant(new long[] {-1})), TInt64.class);
    Operand<TFloat32> logits = fromLogits ? yPred : logitsOf(yPred, "Softmax");
    if (logits == null) {
      logits = tf.math.log(tf.clipByValue(yPred, tf.constant(BinaryCrossentropy.EPSILON),
          tf.constant(1f - BinaryCrossentropy.EPSILON)));
    }
    Gradients.registerSparseSoftmaxCrossEntropyGradient();
    return tf.nn.sparseSoftmaxCrossEntropyWithLogits(logits, labels).loss();
  }

  public boolean fromLogits() {
    return fromLogits;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("from_logits", fromLogits);
    c.put("ignore_class", null);
    return c;
  }

  /** Keras's {@code from_config}; {@code ignore_class} is not implemented. */
  public static SparseCategoricalCrossentropy fromConfig(Map<String, Object> config) {
    Config c = readConfig("SparseCategoricalCrossentropy", config);
    c.requireDefault("ignore_class", null);
    return withBaseConfig(new SparseCategoricalCrossentropy(c.getBoolean("from_logits", false)), c);
  }
}
