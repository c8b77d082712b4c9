package org.jkeras.optimizers;

import java.util.ArrayList;
import java.util.List;
import org.jkeras.backend.KerasVariable;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Keras's {@code use_ema}: the moving average of the trainable weights that the optimizer keeps
 * ({@code _update_model_variables_moving_average}) and writes into them ({@code
 * _overwrite_model_variables_with_average_value}), op for op as Keras in float32.
 */
final class Ema {
  private Ema() {}

  /**
   * After {@code updates}: {@code m = (iterations != 0) * ema_momentum; average = m * average + (1
   * - m) * w} for every weight (its value after the step's update; the first step copies it), then,
   * with an overwrite frequency {@code f}, {@code w = average} when {@code (iterations + 1) % f ==
   * 0}. {@code iterations} is Keras's property (updates before this step).
   */
  static Op update(Ops t, List<Op> updates, List<KerasVariable> weights, List<KerasVariable> averages,
      Operand<TInt64> iterations, float emaMomentum, Integer overwriteFrequency) {
    Ops e = updates.isEmpty() ? t : t.withControlDependencies(updates);
    Operand<TFloat32> notFirstStep = e.dtypes.cast(e.math.notEqual(iterations, e.constant(0L)), TFloat32.class);
    Operand<TFloat32> momentum = e.math.mul(notFirstStep, e.constant(emaMomentum));
    Operand<TFloat32> rest = e.math.sub(e.constant(1f), momentum);
    List<Op> assigned = new ArrayList<>();
    for (int i = 0; i < weights.size(); i++) {
      KerasVariable average = averages.get(i);
      Operand<TFloat32> w = weights.get(i).read(e);
      assigned.add(average.assign(e, e.math.add(e.math.mul(momentum, average.value()), e.math.mul(rest, w))));
    }
    if (overwriteFrequency == null) {
      return t.withControlDependencies(assigned).noOp();
    }
    Operand<TBool> overwrite = t.math.equal(
        t.math.floorMod(t.math.add(iterations, t.constant(1L)), t.constant((long) overwriteFrequency)), t.constant(0L));
    Ops afterAverages = t.withControlDependencies(assigned);
    return GraphCond.cond(t, overwrite, b -> {
      List<Op> ops = new ArrayList<>();
      for (int i = 0; i < weights.size(); i++) {
        ops.add(weights.get(i).assign(b.tf(), b.in(averages.get(i).read(afterAverages))));
      }
      return ops;
    }, b -> assigned);
  }

  /** One op setting each weight to its average (Keras's {@code finalize_variable_values}). */
  static Op overwrite(Ops t, List<KerasVariable> weights, List<KerasVariable> averages, String opName) {
    List<Op> ops = new ArrayList<>();
    for (int i = 0; i < weights.size(); i++) {
      ops.add(weights.get(i).assign(t, averages.get(i).read(t)));
    }
    return t.withControlDependencies(ops).withName(opName).noOp();
  }
}
