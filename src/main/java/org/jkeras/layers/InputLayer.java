package org.jkeras.layers;

import java.util.List;
import org.jkeras.backend.CallContext;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/** Keras's {@code InputLayer}: the entry of a functional model; passes its input through. */
public class InputLayer extends Layer {
  private final KerasTensor output;

  /** @param shape per-sample shape, without the batch dimension. */
  public InputLayer(int... shape) {
    this(null, shape);
  }

  /** A named input layer; {@code name} null for the automatic name ({@code input_layer}...). */
  public InputLayer(String name, int... shape) {
    if (name != null) {
      name(name);
    }
    inputShape(shape);
    ensureBuilt(batchInputShape());
    Node node = new Node(this, List.of(), List.of(batchInputShape()), null);
    addInboundNode(node);
    this.output = node.outputs().get(0);
  }

  /** The symbolic tensor this layer provides. */
  public KerasTensor output() {
    return output;
  }

  @Override
  protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    return x;
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    return inputShape;
  }
}
