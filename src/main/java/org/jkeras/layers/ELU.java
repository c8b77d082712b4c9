package org.jkeras.layers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.activations.Activations;
import org.jkeras.backend.CallContext;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/** Keras's {@code ELU(alpha=1.0)}: {@code x} for {@code x > 0}, {@code alpha * (exp(x) - 1)} below. */
public class ELU extends Layer {
  private final double alpha;

  /** {@code ELU()}: alpha 1. */
  public ELU() {
    this(1.0);
  }

  public ELU(double alpha) {
    this.alpha = alpha;
  }

  @Override
  public ELU name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public ELU inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  public double alpha() {
    return alpha;
  }

  @Override
  protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    return Activations.elu(ctx.tf(), x, alpha);
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

  /** Computes in any float dtype (mixed precision): {@code alpha} in the input's dtype, as Keras's. */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  public Map<String, Object> getConfig() {
    // Keras's ELU writes alpha right after name.
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name());
    c.put("alpha", alpha);
    c.putAll(super.getConfig());
    return c;
  }

  /** Keras's {@code from_config}. */
  public static ELU fromConfig(Map<String, Object> config) {
    Config c = Config.of("ELU", config);
    return withBaseConfig(new ELU(c.getDouble("alpha", 1.0)), c);
  }
}
