package org.jkeras.backend;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** How a variable gets its first value: graph ops for a value of its shape (Keras's initializers are these). */
@FunctionalInterface
public interface InitialValue {
  /** The initial value for a variable of {@code shape}. */
  Operand<TFloat32> call(Ops tf, Shape shape);
}
