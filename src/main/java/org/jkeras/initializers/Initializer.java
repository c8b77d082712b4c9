package org.jkeras.initializers;

import java.util.Map;
import org.jkeras.backend.InitialValue;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Produces a weight's initial value as graph ops, like {@code keras.initializers.Initializer}. */
public interface Initializer extends InitialValue {

  /** The initial value for a weight of {@code shape}. */
  @Override
  Operand<TFloat32> call(Ops tf, Shape shape);

  /** Keras's config: a flat map of the constructor arguments. */
  Map<String, Object> getConfig();

  /** The Keras class name, e.g. {@code GlorotUniform}. */
  default String className() {
    return getClass().getSimpleName();
  }
}
