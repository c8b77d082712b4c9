package org.jkeras.activations;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** An element-wise activation function, like the functions in {@code keras.activations}. */
public interface Activation {

  Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x);

  /** The Keras name, e.g. {@code relu}. */
  String name();

  /**
   * True when {@link #apply} computes correctly on bfloat16 and float16 operands (TF's ops on its
   * input, no float32 constant), so a layer under a mixed-precision policy can apply it; false by
   * default, for an activation not known to.
   */
  default boolean anyFloatDtype() {
    return false;
  }
}
