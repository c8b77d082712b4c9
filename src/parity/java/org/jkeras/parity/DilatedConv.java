package org.jkeras.parity;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.Eager;
import org.jkeras.backend.Gradients;
import org.jkeras.backend.GraphContext;
import org.jkeras.layers.Conv2D;
import org.jkeras.utils.Json;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Java side of cases/dilated_conv.py. For each run of {@code spec.json}: a Conv2D(4, 3x3) with the
 * run's padding and dilation, its kernel and bias read from {@code NAME_kernel.npy} and
 * {@code NAME_bias.npy} through the call context, called on {@code NAME_x.npy}; writes the output
 * and the gradients of {@code sum(y * g)} with respect to the input, the kernel and the bias.
 */
public final class DilatedConv {
  @SuppressWarnings("unchecked")
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    List<Object> runs = (List<Object>) Json.read(work.resolve("spec.json"));
    for (Object o : runs) {
      Map<String, Object> run = (Map<String, Object>) o;
      String name = (String) run.get("name");
      List<Number> rate = (List<Number>) run.get("dilation_rate");
      FloatNdArray x = Parity.npy(work, name + "_x.npy");
      Conv2D layer = new Conv2D(4, 3, 3).padding((String) run.get("padding"))
          .dilationRate(rate.get(0).intValue(), rate.get(1).intValue());
      layer.ensureBuilt(Shape.of(-1).append(x.shape().tail()));
      try (GraphContext graph = new GraphContext()) {
        Ops tf = graph.tf();
        Operand<TFloat32> in = Eager.constant(tf, x);
        Operand<TFloat32> kernel = Eager.constant(tf, Parity.npy(work, name + "_kernel.npy"));
        Operand<TFloat32> bias = Eager.constant(tf, Parity.npy(work, name + "_bias.npy"));
        CallContext ctx = CallContext.create(tf, true, v -> v == layer.kernel() ? kernel : bias, tf.constant(0L));
        Operand<TFloat32> y = layer.invoke(ctx, in);
        Operand<TFloat32> loss = tf.reduceSum(tf.math.mul(y, Eager.constant(tf, Parity.npy(work, name + "_g.npy"))),
            tf.range(tf.constant(0), tf.rank(y), tf.constant(1)));
        Output<?>[] grads = Gradients.add(graph.graph(), loss.asOutput(),
            new Output<?>[] {in.asOutput(), kernel.asOutput(), bias.asOutput()});
        try (Result r = graph.runner().fetch(y).fetch(grads[0]).fetch(grads[1]).fetch(grads[2]).run()) {
          String[] parts = {"y", "grad_x", "grad_kernel", "grad_bias"};
          for (int i = 0; i < parts.length; i++) {
            Parity.npy(work, name + "_jkeras_" + parts[i] + ".npy", copy((TFloat32) r.get(i)));
          }
        }
      }
    }
    Parity.result(work, Map.of("done", true));
  }

  private static FloatNdArray copy(Tensor t) {
    FloatNdArray out = NdArrays.ofFloats(t.shape());
    ((TFloat32) t).copyTo(out);
    return out;
  }
}
