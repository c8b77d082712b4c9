package org.jkeras.initializers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.backend.InitialValue;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras's {@code Constant(value)}; {@link Zeros} and {@link Ones} are its 0 and 1. */
public class Constant implements Initializer {
  private final float value;

  public Constant(float value) {
    this.value = value;
  }

  @Override
  public Operand<TFloat32> call(Ops tf, Shape shape) {
    return tf.fill(tf.constant(shape.asArray()), InitialValue.unfolded(tf, value));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("value", Initializers.asDouble(value));
    return c;
  }

  /** Keras's {@code from_config}. */
  public static Constant fromConfig(Map<String, Object> config) {
    return new Constant((float) Config.of("Constant", config).getDouble("value", 0.0));
  }
}
