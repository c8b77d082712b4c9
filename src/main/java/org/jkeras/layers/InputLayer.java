package org.jkeras.layers;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
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
    this.output = new KerasTensor(batchInputShape(), this, null);
  }

  /** The symbolic tensor this layer provides. */
  public KerasTensor output() {
    return output;
  }

  @Override
  public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, boolean training) {
    return x;
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    return inputShape;
  }

  @Override
  public Map<String, Object> getConfig() {
    return super.getConfig();
  }
}
