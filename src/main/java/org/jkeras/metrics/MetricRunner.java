package org.jkeras.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jkeras.backend.Eager;
import org.jkeras.backend.GraphContext;
import org.jkeras.backend.KerasVariable;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Runs a metric's update or result on arrays, as Keras's eager metrics: in the graph its state
 * already lives in (a compiled model's), or else in a throwaway graph whose final state is copied
 * back to the host, so that the next call starts from it.
 */
final class MetricRunner {
  private MetricRunner() {}

  static Operand<TFloat32> constant(Ops tf, FloatNdArray a) {
    return a == null ? null : Eager.constant(tf, a);
  }

  static void update(Metric m, Shape yTrueShape, Shape yPredShape, Function<Ops, Op> update) {
    run(m, yTrueShape, yPredShape, (ctx, tf) -> {
      ctx.runner().addTarget(update.apply(tf)).run();
      return null;
    });
  }

  static FloatNdArray result(Metric m) {
    return run(m, null, null, (ctx, tf) -> {
      Operand<TFloat32> r = m.result(tf);
      try (Result res = ctx.runner().fetch(r).run()) {
        TFloat32 t = (TFloat32) res.get(0);
        FloatNdArray out = NdArrays.ofFloats(t.shape());
        t.copyTo(out);
        return out;
      }
    });
  }

  private static <T> T run(Metric m, Shape yTrueShape, Shape yPredShape, BiFunction<GraphContext, Ops, T> body) {
    GraphContext live = m.variables().isEmpty() ? null : m.variables().get(0).context();
    if (live != null) {
      m.materialize(live, yTrueShape, yPredShape);
      return body.apply(live, live.tf());
    }
    try (GraphContext scratch = new GraphContext()) {
      m.materialize(scratch, yTrueShape, yPredShape);
      T out = body.apply(scratch, scratch.tf());
      // Read every value before assigning any: a read runs the graph, which writes pending host
      // values into it (and forgets their host copy).
      List<FloatNdArray> values = KerasVariable.getValues(m.variables());
      for (int i = 0; i < values.size(); i++) {
        m.variables().get(i).assign(values.get(i));
      }
      return out;
    }
  }
}
