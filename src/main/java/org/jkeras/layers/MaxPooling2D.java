package org.jkeras.layers;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras's {@code MaxPooling2D(pool_size=(2, 2), strides=None, padding="valid")}, channels last. */
public class MaxPooling2D extends Pooling2D {

  /** @param poolSize (height, width), one int for a square window, or nothing for (2, 2) */
  public MaxPooling2D(int... poolSize) {
    super(poolSize);
  }

  @Override
  protected Operand<TFloat32> pool(Ops tf, Operand<TFloat32> x) {
    return tf.nn.maxPool(x, tf.constant(new int[] {1, poolSize[0], poolSize[1], 1}),
        tf.constant(new int[] {1, strides[0], strides[1], 1}), padding.toUpperCase());
  }
}
