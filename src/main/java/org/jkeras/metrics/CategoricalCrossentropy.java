package org.jkeras.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.losses.Losses;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's metric {@code CategoricalCrossentropy(from_logits=False, label_smoothing=0)} ({@code
 * "categorical_crossentropy"}): the mean over every sample seen of the categorical cross-entropy
 * loss, computed as the loss computes it.
 */
public class CategoricalCrossentropy extends MeanMetricWrapper {
  private boolean fromLogits;
  private double labelSmoothing;

  public CategoricalCrossentropy() {
    this("categorical_crossentropy");
  }

  public CategoricalCrossentropy(String name) {
    super(name);
  }

  public CategoricalCrossentropy fromLogits(boolean fromLogits) {
    this.fromLogits = fromLogits;
    return this;
  }

  public CategoricalCrossentropy labelSmoothing(double labelSmoothing) {
    this.labelSmoothing = labelSmoothing;
    return this;
  }

  @Override
  public Operand<TFloat32> values(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    Map<String, Object> loss = new LinkedHashMap<>();
    loss.put("from_logits", fromLogits);
    loss.put("label_smoothing", labelSmoothing);
    return Losses.fromConfig("CategoricalCrossentropy", loss).call(tf, yTrue, yPred);
  }

  @Override
  public String direction() {
    return "down";
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("from_logits", fromLogits);
    c.put("label_smoothing", labelSmoothing == 0 ? (Object) 0 : labelSmoothing); // Keras's default is the integer 0
    c.put("axis", -1);
    return c;
  }

  /** Keras's {@code from_config}; another axis than the last is not implemented. */
  public static CategoricalCrossentropy fromConfig(Map<String, Object> config) {
    Config c = readConfig("CategoricalCrossentropy", config);
    c.requireDefault("axis", -1);
    return withName(new CategoricalCrossentropy().fromLogits(c.getBoolean("from_logits", false))
        .labelSmoothing(c.getDouble("label_smoothing", 0)), c);
  }
}
