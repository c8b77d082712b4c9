package org.jkeras.layers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.Shapes;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras's {@code Flatten()}: (batch, d1, d2, ...) to (batch, d1*d2*...), in row-major (C) order. */
public class Flatten extends Layer {

  @Override
  public Flatten name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public Flatten inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  protected void validateInputShape(Shape inputShape) {
    for (int i = 1; i < inputShape.numDimensions(); i++) {
      if (inputShape.get(i) < 0) {
        throw new IllegalArgumentException(
            "Layer \"" + name() + "\" needs known non-batch dimensions to flatten. Received: input_shape="
                + Shapes.format(inputShape));
      }
    }
  }

  @Override
  protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    long n = computeOutputShape(x.shape()).get(1);
    return tf.reshape(x, tf.constant(new long[] {-1, n}));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("data_format", "channels_last");
    return c;
  }

  /** Keras's {@code from_config}; channels last only (Keras flattens channels-first data after moving the channels last). */
  public static Flatten fromConfig(Map<String, Object> config) {
    Config c = Config.of("Flatten", config);
    c.requireDefault("data_format", "channels_last");
    return withBaseConfig(new Flatten(), c);
  }

  /** Computes in any float dtype (mixed precision): a reshape. */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    long n = 1;
    for (int i = 1; i < inputShape.numDimensions(); i++) {
      n *= inputShape.get(i);
    }
    return Shape.of(inputShape.get(0), n);
  }
}
