package org.jkeras.layers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.activations.Activations;
import org.jkeras.backend.CallContext;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code ReLU(max_value=None, negative_slope=0.0, threshold=0.0)}: {@code f(x) = max_value}
 * for {@code x >= max_value}, {@code x} for {@code threshold <= x < max_value}, {@code
 * negative_slope * (x - threshold)} below; computed as Keras's {@code activations.relu} (see {@link
 * Activations#relu(org.tensorflow.op.Ops, Operand, double, Double, double)}). {@code new ReLU(6.0)}
 * is {@code ReLU(max_value=6.0)}.
 */
public class ReLU extends Layer {
  private Double maxValue;
  private double negativeSlope;
  private double threshold;

  /** {@code ReLU()}: plain relu. */
  public ReLU() {}

  /** {@code ReLU(max_value)}. */
  public ReLU(double maxValue) {
    maxValue(maxValue);
  }

  /** Keras's {@code max_value}: the upper bound, or null for none. */
  public ReLU maxValue(Double maxValue) {
    if (maxValue != null && !(maxValue >= 0)) {
      throw new IllegalArgumentException("max_value of a ReLU layer cannot be a negative value. Received: max_value="
          + maxValue);
    }
    this.maxValue = maxValue;
    return this;
  }

  public ReLU negativeSlope(double negativeSlope) {
    if (!(negativeSlope >= 0)) {
      throw new IllegalArgumentException("negative_slope of a ReLU layer cannot be None or a negative value. Received:"
          + " negative_slope=" + negativeSlope);
    }
    this.negativeSlope = negativeSlope;
    return this;
  }

  public ReLU threshold(double threshold) {
    if (!(threshold >= 0)) {
      throw new IllegalArgumentException("threshold of a ReLU layer cannot be None or a negative value. Received:"
          + " threshold=" + threshold);
    }
    this.threshold = threshold;
    return this;
  }

  @Override
  public ReLU name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public ReLU inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  public Double maxValue() {
    return maxValue;
  }

  public double negativeSlope() {
    return negativeSlope;
  }

  public double threshold() {
    return threshold;
  }

  @Override
  protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    return Activations.relu(ctx.tf(), x, negativeSlope, maxValue, threshold);
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    return inputShape;
  }

  /** Keras builds this layer when it is made: its saved config has no {@code build_config}. */
  @Override
  protected boolean buildsAtInit() {
    return true;
  }

  /** Computes in any float dtype (mixed precision): its threshold, slope and maximum in the input's dtype. */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("max_value", maxValue);
    c.put("negative_slope", negativeSlope);
    c.put("threshold", threshold);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static ReLU fromConfig(Map<String, Object> config) {
    Config c = Config.of("ReLU", config);
    ReLU l = new ReLU().maxValue(c.getDoubleOrNull("max_value")).negativeSlope(c.getDouble("negative_slope", 0.0))
        .threshold(c.getDouble("threshold", 0.0));
    return withBaseConfig(l, c);
  }
}
