package org.jkeras.layers;

import java.util.List;
import java.util.Map;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras's {@code Add()}: the sum of its inputs, {@code new Add().apply(x, y)}. See {@link Merge} for the shape rules. */
public class Add extends Merge {

  @Override
  protected Operand<TFloat32> merge(Ops tf, List<Operand<TFloat32>> inputs) {
    Operand<TFloat32> y = inputs.get(0);
    for (Operand<TFloat32> x : inputs.subList(1, inputs.size())) {
      y = tf.math.add(y, x);
    }
    return y;
  }

  /** Keras's {@code from_config}. */
  public static Add fromConfig(Map<String, Object> config) {
    return withBaseConfig(new Add(), Config.of("Add", config));
  }
}
