package org.jkeras.layers;

import org.jkeras.backend.Shapes;
import org.tensorflow.ndarray.Shape;

/**
 * A symbolic tensor of the functional API: a shape (batch dimension -1) and the layer call that
 * produced it. {@code Input.of(224, 224, 3)} makes the first one; {@code layer.apply(x)} the next.
 */
public final class KerasTensor {
  private final Shape shape;
  private final Layer layer;
  private final KerasTensor parent;

  KerasTensor(Shape shape, Layer layer, KerasTensor parent) {
    this.shape = shape;
    this.layer = layer;
    this.parent = parent;
  }

  public Shape shape() {
    return shape;
  }

  /** The layer whose call produced this tensor (an {@link InputLayer} for a model input). */
  public Layer layer() {
    return layer;
  }

  /** The tensor this one was computed from; null for a model input. */
  public KerasTensor parent() {
    return parent;
  }

  @Override
  public String toString() {
    return "<KerasTensor shape=" + Shapes.format(shape) + ", source=" + layer.name() + ">";
  }
}
