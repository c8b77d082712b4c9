package org.jkeras.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.losses.Losses;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's metric {@code BinaryCrossentropy(from_logits=False, label_smoothing=0)} ({@code
 * "binary_crossentropy"}, {@code "bce"}): the mean over every sample seen of the binary
 * cross-entropy loss, computed as the loss computes it.
 */
public class BinaryCrossentropy extends MeanMetricWrapper {
  private boolean fromLogits;
  private double labelSmoothing;

  public BinaryCrossentropy() {
    this("binary_crossentropy");
  }

  public BinaryCrossentropy(String name) {
    super(name);
  }

  public BinaryCrossentropy fromLogits(boolean fromLogits) {
    this.fromLogits = fromLogits;
    return this;
  }

  public BinaryCrossentropy labelSmoothing(double labelSmoothing) {
    this.labelSmoothing = labelSmoothing;
    return this;
  }

  @Override
  public Operand<TFloat32> values(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    Map<String, Object> loss = new LinkedHashMap<>();
    loss.put("from_logits", fromLogits);
    loss.put("label_smoothing", labelSmoothing);
    return Losses.fromConfig("BinaryCrossentropy", loss).call(tf, yTrue, yPred);
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
    return c;
  }

  /** Keras's {@code from_config}. */
  public static BinaryCrossentropy fromConfig(Map<String, Object> config) {
    Config c = readConfig("BinaryCrossentropy", config);
    return withName(new BinaryCrossentropy().fromLogits(c.getBoolean("from_logits", false))
        .labelSmoothing(c.getDouble("label_smoothing", 0)), c);
  }
}
