package org.jkeras.layers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.activations.Activations;
import org.jkeras.backend.CallContext;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras's {@code Activation(activation)} layer: applies an activation function by itself. */
public class Activation extends Layer {
  private final org.jkeras.activations.Activation activation;

  public Activation(String activation) {
    this(Activations.get(activation));
  }

  public Activation(org.jkeras.activations.Activation activation) {
    this.activation = activation;
  }

  @Override
  public Activation name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public Activation inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  public org.jkeras.activations.Activation activation() {
    return activation;
  }

  @Override
  protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    return activation.apply(tf, x);
  }

  /** Under a mixed policy: when the activation computes in any float dtype (see {@code Activation.anyFloatDtype}). */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return activation.anyFloatDtype();
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

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("activation", activation.name());
    return c;
  }

  /** Keras's {@code from_config}. */
  public static Activation fromConfig(Map<String, Object> config) {
    Config c = Config.of("Activation", config);
    return withBaseConfig(new Activation(c.getString("activation")), c);
  }
}
