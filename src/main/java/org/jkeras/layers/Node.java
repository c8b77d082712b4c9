package org.jkeras.layers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.ndarray.Shape;

/**
 * One call of a layer in a functional graph, as Keras's {@code Node}: the layer, the symbolic
 * tensors it was called on and those it returned, and a {@code training} value fixed by the call
 * ({@code base.apply(x, training(false))}) or null to follow the model's.
 */
public final class Node {
  private final Layer layer;
  private final List<KerasTensor> inputs;
  private final List<KerasTensor> outputs;
  private final Boolean training;

  Node(Layer layer, List<KerasTensor> inputs, List<Shape> outputShapes, Boolean training) {
    this.layer = layer;
    this.inputs = List.copyOf(inputs);
    this.training = training;
    List<KerasTensor> outs = new ArrayList<>();
    for (int i = 0; i < outputShapes.size(); i++) {
      outs.add(new KerasTensor(outputShapes.get(i), this, i));
    }
    this.outputs = Collections.unmodifiableList(outs);
  }

  public Layer layer() {
    return layer;
  }

  /** The tensors the layer was called on; none for an input layer's node. */
  public List<KerasTensor> inputs() {
    return inputs;
  }

  public List<KerasTensor> outputs() {
    return outputs;
  }

  /** The {@code training} value this call fixed, or null. */
  public Boolean training() {
    return training;
  }

  /** True for the node of an {@link InputLayer}: a graph input. */
  public boolean isInput() {
    return inputs.isEmpty() && layer instanceof InputLayer;
  }

  /** Which call of its layer this is (0 for the first), as Keras's {@code node_index}. */
  public int index() {
    return layer.inboundNodes().indexOf(this);
  }
}
