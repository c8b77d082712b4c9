package org.jkeras.layers;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras's {@code AveragePooling2D(pool_size=(2, 2), strides=None, padding="valid")}, channels last. */
public class AveragePooling2D extends Pooling2D {

  public AveragePooling2D(int... poolSize) {
    super(poolSize);
  }

  @Override
  protected Operand<TFloat32> pool(Ops tf, Operand<TFloat32> x) {
    return tf.nn.avgPool(x, List.of(1L, (long) poolSize[0], (long) poolSize[1], 1L),
        List.of(1L, (long) strides[0], (long) strides[1], 1L), padding.toUpperCase());
  }
}
