package org.jkeras.distribute;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import org.jkeras.backend.GraphContext;
import org.jkeras.backend.KerasVariable;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;

/**
 * The chief's values given to every worker in one run: the chief sends, every other worker
 * receives. Weights go into each worker's own variables; a few numbers (the epoch a restored
 * backup resumes at, the optimizer's iterations) come back to the caller. Each is built once per
 * graph and list of weights (each build takes new collective instance keys, in the same order on
 * every worker: every worker asks for the same broadcasts in the same order).
 */
final class Broadcast {
  private static final Map<GraphContext, Map<Object, Broadcast>> BUILT = new WeakHashMap<>();

  private final Op op;
  private final Placeholder<TFloat64> valuesIn;
  private final Operand<TFloat64> valuesOut;

  private Broadcast(Op op, Placeholder<TFloat64> valuesIn, Operand<TFloat64> valuesOut) {
    this.op = op;
    this.valuesIn = valuesIn;
    this.valuesOut = valuesOut;
  }

  static void fromChief(GraphContext ctx, Collectives collectives, List<KerasVariable> weights, boolean chief, float timeout) {
    if (!chief) {
      weights.forEach(KerasVariable::skipInitialValue); // what is received replaces it: no random draw
    }
    List<KerasVariable> key = List.copyOf(weights);
    ctx.runner().addTarget(built(ctx, key, () -> weights(ctx, collectives, key, chief, timeout)).op).run();
  }

  /** The chief's {@code values} (float64: whole numbers up to 2^53 are exact), on every worker. */
  static double[] valuesFromChief(GraphContext ctx, Collectives collectives, double[] values, boolean chief, float timeout) {
    Broadcast b = built(ctx, "values/" + values.length, () -> values(ctx, collectives, values.length, chief, timeout));
    var runner = ctx.runner().fetch(b.valuesOut);
    try (TFloat64 in = chief ? TFloat64.vectorOf(values) : null) {
      if (chief) {
        runner.feed(b.valuesIn, in);
      }
      try (Result r = runner.run(); TFloat64 out = (TFloat64) r.get(0)) {
        double[] received = new double[values.length];
        for (int i = 0; i < received.length; i++) {
          received[i] = out.getDouble(i);
        }
        return received;
      }
    }
  }

  private static Broadcast built(GraphContext ctx, Object key, Supplier<Broadcast> build) {
    synchronized (BUILT) {
      Map<Object, Broadcast> mine = BUILT.computeIfAbsent(ctx, c -> new HashMap<>());
      Broadcast b = mine.get(key);
      if (b == null) {
        b = build.get();
        mine.put(key, b);
      }
      return b;
    }
  }

  private static Broadcast weights(GraphContext ctx, Collectives collectives, List<KerasVariable> weights, boolean chief,
      float timeout) {
    Ops tf = ctx.tf().withSubScope("broadcast_from_chief");
    List<Op> ops = new ArrayList<>();
    for (KerasVariable w : weights) {
      if (chief) {
        ops.add(tf.identity(collectives.broadcastSend(tf, w.value(), timeout)));
      } else {
        ops.add(w.assign(tf, collectives.broadcastReceive(tf, w.shape().asArray(), TFloat32.class, timeout)));
      }
    }
    return new Broadcast(tf.withControlDependencies(ops).noOp(), null, null);
  }

  private static Broadcast values(GraphContext ctx, Collectives collectives, int n, boolean chief, float timeout) {
    Ops tf = ctx.tf().withSubScope("broadcast_values_from_chief");
    if (chief) {
      Placeholder<TFloat64> in = tf.placeholder(TFloat64.class, Placeholder.shape(Shape.of(n)));
      return new Broadcast(null, in, tf.identity(collectives.broadcastSend(tf, in, timeout)));
    }
    return new Broadcast(null, null, collectives.broadcastReceive(tf, new long[] {n}, TFloat64.class, timeout));
  }
}
