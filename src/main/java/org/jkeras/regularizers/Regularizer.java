package org.jkeras.regularizers;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** A penalty on a weight (or a layer's output) added to the loss, like {@code keras.regularizers.Regularizer}. */
public interface Regularizer {

  /** The scalar penalty for {@code x}. */
  Operand<TFloat32> call(Ops tf, Operand<TFloat32> x);

  /** Keras's {@code regularizer(x)} on an array: the penalty, computed by TF. */
  default float call(org.tensorflow.ndarray.FloatNdArray x) {
    return org.jkeras.backend.Eager.scalar(tf -> call(tf, org.jkeras.backend.Eager.constant(tf, x)));
  }

  Map<String, Object> getConfig();

  default String className() {
    return getClass().getSimpleName();
  }
}
