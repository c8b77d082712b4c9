package org.jkeras.layers;

import java.util.ArrayList;
import java.util.List;
import org.jkeras.backend.CallContext;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code compute_output_spec}: a layer's output shapes found by building its {@code call}
 * on placeholders in a scratch graph (weights read as placeholders too, so nothing is created or
 * initialised) and reading the shapes TF infers. Layers the layer calls are built on the way, as a
 * symbolic call builds them in Keras.
 */
final class SymbolicCall {
  private SymbolicCall() {}

  static List<Shape> outputShapes(Layer layer, List<Shape> inputShapes) {
    layer.ensureBuilt(inputShapes);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      List<Operand<TFloat32>> inputs = new ArrayList<>();
      for (Shape s : inputShapes) {
        inputs.add(tf.placeholder(TFloat32.class, Placeholder.shape(s)));
      }
      CallContext ctx = CallContext.create(tf, false,
          v -> tf.placeholder(TFloat32.class, Placeholder.shape(v.shape())), tf.constant(0L));
      List<Shape> out = new ArrayList<>();
      for (Operand<TFloat32> y : layer.call(ctx, inputs)) {
        out.add(y.shape());
      }
      return out;
    }
  }
}
