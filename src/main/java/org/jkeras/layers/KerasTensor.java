package org.jkeras.layers;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.jkeras.backend.Shapes;
import org.tensorflow.ndarray.Shape;

/**
 * A symbolic tensor of the functional API: a shape (batch dimension -1) and where it comes from,
 * output {@code index} of a {@link Node} (one call of a layer on other symbolic tensors).
 * {@code Input.of(224, 224, 3)} makes the first ones; {@code layer.apply(x)} the next.
 */
public final class KerasTensor {
  private final Shape shape;
  private final Node node;
  private final int index;

  KerasTensor(Shape shape, Node node, int index) {
    this.shape = shape;
    this.node = node;
    this.index = index;
  }

  public Shape shape() {
    return shape;
  }

  /** The layer whose call produced this tensor (an {@link InputLayer} for a model input). */
  public Layer layer() {
    return node.layer();
  }

  /** The layer call that produced this tensor. */
  public Node node() {
    return node;
  }

  /** Which output of its node this tensor is. */
  public int index() {
    return index;
  }

  /**
   * The model inputs this tensor is computed from (Keras's {@code get_source_inputs}): the
   * outputs of the input layers found by walking back through the calls that made it.
   */
  public List<KerasTensor> sourceInputs() {
    List<KerasTensor> out = new ArrayList<>();
    Deque<KerasTensor> todo = new ArrayDeque<>(List.of(this));
    Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    while (!todo.isEmpty()) {
      KerasTensor t = todo.pop();
      if (!seen.add(t.node)) {
        continue;
      }
      if (t.node.isInput()) {
        out.add(t);
      }
      for (int i = t.node.inputs().size() - 1; i >= 0; i--) {
        todo.push(t.node.inputs().get(i));
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "<KerasTensor shape=" + Shapes.format(shape) + ", source=" + layer().name() + ">";
  }
}
