package org.jkeras.losses;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

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

  @Override
  public Operand<TFloat32> call(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    Operand<TInt32> labels = tf.dtypes.cast(tf.reshape(yTrue, tf.constant(new long[] {-1})), TInt32.class);
    long classes = yPred.shape().get(yPred.shape().numDimensions() - 1);
    Operand<TFloat32> oneHot = tf.oneHot(labels, tf.constant((int) classes), tf.constant(1f), tf.constant(0f));
    return new CategoricalCrossentropy(fromLogits).call(tf, oneHot, yPred);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name());
    c.put("reduction", REDUCTION);
    c.put("from_logits", fromLogits);
    c.put("ignore_class", null);
    return c;
  }

  /** Keras's {@code from_config}; {@code ignore_class} is not implemented. */
  public static SparseCategoricalCrossentropy fromConfig(Map<String, Object> config) {
    Config c = readConfig("SparseCategoricalCrossentropy", config);
    c.requireDefault("ignore_class", null);
    return new SparseCategoricalCrossentropy(c.getBoolean("from_logits", false));
  }
}
