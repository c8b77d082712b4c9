package org.jkeras.regularizers;

import java.util.Map;
import org.jkeras.backend.Eager;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** A penalty on a weight (or a layer's output) added to the loss, like {@code keras.regularizers.Regularizer}. */
public interface Regularizer {

  /** The scalar penalty for {@code x}. */
  Operand<TFloat32> call(Ops tf, Operand<TFloat32> x);

  /** Keras's {@code regularizer(x)} on an array: the penalty, computed by TF. */
  default float call(FloatNdArray x) {
    return Eager.scalar(tf -> call(tf, Eager.constant(tf, x)));
  }

  Map<String, Object> getConfig();

  default String className() {
    return getClass().getSimpleName();
  }
}
