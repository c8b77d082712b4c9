package org.jkeras.backend;

import java.util.function.Function;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Runs a small computation on arrays at once, in a throwaway graph (Keras's eager calls on NumPy data). */
public final class Eager {
  private Eager() {}

  public static Operand<TFloat32> constant(Ops tf, FloatNdArray a) {
    try (TFloat32 t = TFloat32.tensorOf(a.shape())) {
      a.copyTo(t);
      return tf.constant(t);
    }
  }

  public static float scalar(Function<Ops, Operand<TFloat32>> f) {
    try (GraphContext ctx = new GraphContext(); Result r = ctx.runner().fetch(f.apply(ctx.tf())).run()) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }

  public static FloatNdArray array(Function<Ops, Operand<TFloat32>> f) {
    try (GraphContext ctx = new GraphContext(); Result r = ctx.runner().fetch(f.apply(ctx.tf())).run()) {
      TFloat32 t = (TFloat32) r.get(0);
      FloatNdArray out = NdArrays.ofFloats(t.shape());
      t.copyTo(out);
      return out;
    }
  }
}
