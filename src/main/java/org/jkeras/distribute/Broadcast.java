package org.jkeras.distribute;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.jkeras.backend.GraphContext;
import org.jkeras.backend.KerasVariable;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;

/**
 * The chief's weights given to every worker in one run: the chief sends each weight's value, every
 * other worker receives it into its own variable. Built once per graph and list of weights (each
 * build takes new collective instance keys, in the same order on every worker).
 */
final class Broadcast {
  private static final Map<GraphContext, Broadcast> BUILT = new WeakHashMap<>();

  private final List<KerasVariable> weights;
  private final Op op;

  private Broadcast(List<KerasVariable> weights, Op op) {
    this.weights = weights;
    this.op = op;
  }

  static void fromChief(GraphContext ctx, Collectives collectives, List<KerasVariable> weights, boolean chief, float timeout) {
    Broadcast b;
    synchronized (BUILT) {
      b = BUILT.get(ctx);
      if (b == null || !b.weights.equals(weights)) {
        b = build(ctx, collectives, List.copyOf(weights), chief, timeout);
        BUILT.put(ctx, b);
      }
    }
    ctx.runner().addTarget(b.op).run();
  }

  private static Broadcast build(GraphContext ctx, Collectives collectives, List<KerasVariable> weights, boolean chief,
      float timeout) {
    Ops tf = ctx.tf().withSubScope("broadcast_from_chief");
    List<Op> ops = new ArrayList<>();
    for (KerasVariable w : weights) {
      if (chief) {
        ops.add(tf.identity(collectives.broadcastSend(tf, w.value(), timeout)));
      } else {
        ops.add(w.assign(tf, collectives.broadcastReceive(tf, w.shape().asArray(), timeout)));
      }
    }
    return new Broadcast(weights, tf.withControlDependencies(ops).noOp());
  }
}
