package org.jkeras.losses;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras's {@code SquaredHinge()} ({@code "squared_hinge"}): {@code mean(square(max(1 - t * p, 0)), axis=-1)}, labels as {@link Hinge}. */
public class SquaredHinge extends Loss {
  public SquaredHinge() {
    super("squared_hinge");
  }

  @Override
  public Operand<TFloat32> call(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    Reduction.SameRank s = sameRank(tf, yTrue, yPred);
    return tf.math.mean(tf.math.square(Hinge.margin(tf, s.first(), s.second())), tf.constant(-1));
  }

  /** Keras's {@code from_config}. */
  public static SquaredHinge fromConfig(Map<String, Object> config) {
    return withBaseConfig(new SquaredHinge(), readConfig("SquaredHinge", config));
  }
}
