package org.jkeras.layers;

import java.util.List;
import java.util.Map;
import org.jkeras.saving.serialization.Config;
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

  /** Keras's {@code from_config}. */
  public static AveragePooling2D fromConfig(Map<String, Object> config) {
    Config c = Config.of("AveragePooling2D", config);
    return withPoolingConfig(new AveragePooling2D(c.has("pool_size") ? c.getInts("pool_size") : new int[0]), c);
  }
}
