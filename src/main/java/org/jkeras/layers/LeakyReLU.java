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
 * Keras 3's {@code LeakyReLU(negative_slope=0.3)}: {@code x} for {@code x >= 0}, {@code
 * negative_slope * x} below ({@code tf.nn.leaky_relu}). The layer's default slope is 0.3, the
 * function {@code "leaky_relu"}'s 0.2, as in Keras. {@code new LeakyReLU(0.2)} is {@code
 * LeakyReLU(negative_slope=0.2)}; a Keras 2 config's {@code alpha} is read as the slope.
 */
public class LeakyReLU extends Layer {
  private final double negativeSlope;

  /** {@code LeakyReLU()}: slope 0.3. */
  public LeakyReLU() {
    this(0.3);
  }

  public LeakyReLU(double negativeSlope) {
    if (!(negativeSlope >= 0)) {
      throw new IllegalArgumentException("The negative_slope value of a Leaky ReLU layer cannot be None or negative value."
          + " Expected a float. Received: negative_slope=" + negativeSlope);
    }
    this.negativeSlope = negativeSlope;
  }

  @Override
  public LeakyReLU name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public LeakyReLU inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  public double negativeSlope() {
    return negativeSlope;
  }

  @Override
  protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    return Activations.leakyRelu(ctx.tf(), x, negativeSlope);
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

  /** Computes in any float dtype (mixed precision): TF's {@code LeakyRelu} takes its slope as an attribute. */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("negative_slope", negativeSlope);
    return c;
  }

  /** Keras's {@code from_config}; Keras 2's {@code alpha} is the slope. */
  public static LeakyReLU fromConfig(Map<String, Object> config) {
    Map<String, Object> values = new LinkedHashMap<>(config);
    Object alpha = values.remove("alpha");
    Config c = Config.of("LeakyReLU", values);
    double slope = c.has("negative_slope") ? c.getDouble("negative_slope")
        : alpha instanceof Number ? ((Number) alpha).doubleValue() : 0.3;
    return withBaseConfig(new LeakyReLU(slope), c);
  }
}
