package org.jkeras.metrics;

import java.util.Map;
import org.jkeras.losses.Losses;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's metric {@code SparseCategoricalCrossentropy(from_logits=False)} ({@code
 * "sparse_categorical_crossentropy"}): the mean over every sample seen of the sparse categorical
 * cross-entropy loss, computed as the loss computes it.
 */
public class SparseCategoricalCrossentropy extends MeanMetricWrapper {
  private boolean fromLogits;

  public SparseCategoricalCrossentropy() {
    this("sparse_categorical_crossentropy");
  }

  public SparseCategoricalCrossentropy(String name) {
    super(name);
  }

  public SparseCategoricalCrossentropy fromLogits(boolean fromLogits) {
    this.fromLogits = fromLogits;
    return this;
  }

  @Override
  public Operand<TFloat32> values(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    return Losses.fromConfig("SparseCategoricalCrossentropy", Map.of("from_logits", fromLogits)).call(tf, yTrue, yPred);
  }

  @Override
  public String direction() {
    return "down";
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("from_logits", fromLogits);
    c.put("ignore_class", null);
    c.put("axis", -1);
    return c;
  }

  /** Keras's {@code from_config}; {@code ignore_class} and another axis than the last are not implemented. */
  public static SparseCategoricalCrossentropy fromConfig(Map<String, Object> config) {
    Config c = readConfig("SparseCategoricalCrossentropy", config);
    c.requireDefault("ignore_class", null);
    c.requireDefault("axis", -1);
    return withName(new SparseCategoricalCrossentropy().fromLogits(c.getBoolean("from_logits", false)), c);
  }
}
