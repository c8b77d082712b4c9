package org.jkeras.optimizers;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.SwitchCond;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code ops.cond(pred, true_fn, false_fn)} for the optimizer's state updates (gradient
 * accumulation, EMA overwrite), built as TF1's {@code cond}: a {@code Switch} on the predicate
 * gives each branch a pivot, every op of a branch depends on its pivot (its {@link Ops} has it as
 * control dependency, and its data inputs pass through {@code Switch} with {@link BranchOps#in}),
 * so the ops of the branch not taken receive a dead tensor and do not run; a
 * {@code Merge} of the two branches' ends is alive whichever ran, and what must come after the
 * cond depends on it. TF-Java has no {@code tf.cond} of functions, and computing both branches
 * with {@code select} would run both branches' variable updates.
 */
final class GraphCond {
  private GraphCond() {}

  /** One branch: its ops, built with {@link BranchOps}. */
  interface Branch {
    List<Op> build(BranchOps b);
  }

  /** How a branch builds its ops so that they run only when the branch is taken. */
  static final class BranchOps {
    private final Ops outer;
    private final Operand<TBool> pred;
    private final boolean side;
    private final Operand<TBool> pivot;

    private BranchOps(Ops outer, Operand<TBool> pred, boolean side, Operand<TBool> pivot) {
      this.outer = outer;
      this.pred = pred;
      this.side = side;
      this.pivot = pivot;
    }

    /** Ops whose every op depends on the branch's pivot. */
    Ops tf() {
      return outer.withControlDependencies(List.of(pivot));
    }

    /** Ops that run after {@code ops} and the pivot (TF-Java's control dependencies replace, not add). */
    Ops after(List<Op> ops) {
      List<Op> deps = new ArrayList<>(ops);
      deps.add(pivot);
      return outer.withControlDependencies(deps);
    }

    /** {@code x} as the branch sees it: alive only when the branch is taken. */
    Operand<TFloat32> in(Operand<TFloat32> x) {
      SwitchCond<TFloat32> s = outer.switchCond(x, pred);
      return side ? s.outputTrue() : s.outputFalse();
    }
  }

  /** The cond; the returned op runs after the branch taken, whichever it is. */
  static Op cond(Ops tf, Operand<TBool> pred, Branch whenTrue, Branch whenFalse) {
    SwitchCond<TBool> pivots = tf.switchCond(pred, pred);
    Operand<TBool> doneTrue = branch(tf, pred, pivots, true, whenTrue);
    Operand<TBool> doneFalse = branch(tf, pred, pivots, false, whenFalse);
    return tf.merge(List.of(doneTrue, doneFalse));
  }

  private static Operand<TBool> branch(Ops tf, Operand<TBool> pred, SwitchCond<TBool> pivots, boolean side, Branch b) {
    Operand<TBool> pivot = tf.identity(side ? pivots.outputTrue() : pivots.outputFalse());
    List<Op> ops = new ArrayList<>(b.build(new BranchOps(tf, pred, side, pivot)));
    ops.add(pivot);
    return tf.withControlDependencies(ops).identity(pivot);
  }
}
