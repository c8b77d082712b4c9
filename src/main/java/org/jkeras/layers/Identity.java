package org.jkeras.layers;

import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/** Keras's {@code Identity()}: returns its input unchanged (a placeholder in a model, or a named tap). */
public class Identity extends Layer {

  @Override
  public Identity name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public Identity inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    return x;
  }

  /** Computes in any float dtype (mixed precision): its input. */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    return inputShape;
  }

  /** Keras's {@code from_config}. */
  public static Identity fromConfig(Map<String, Object> config) {
    return withBaseConfig(new Identity(), Config.of("Identity", config));
  }

  /** Keras builds this layer when it is made: its saved config has no {@code build_config}. */
  @Override
  protected boolean buildsAtInit() {
    return true;
  }
}
