package org.jkeras.layers;

import java.util.List;
import java.util.Map;
import org.jkeras.backend.DTypes;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras's {@code Average()}: the element-wise mean of its inputs (their sum divided by their number). See {@link Merge}. */
public class Average extends Merge {

  @Override
  protected Operand<TFloat32> merge(Ops tf, List<Operand<TFloat32>> inputs) {
    Operand<TFloat32> y = inputs.get(0);
    for (Operand<TFloat32> x : inputs.subList(1, inputs.size())) {
      y = tf.math.add(y, x);
    }
    return tf.math.div(y, DTypes.constantLike(tf, inputs.size(), y));
  }

  /** Keras's {@code from_config}. */
  public static Average fromConfig(Map<String, Object> config) {
    return withBaseConfig(new Average(), Config.of("Average", config));
  }
}
