package org.jkeras.layers;

/** Keras's {@code keras.Input(shape=...)}: a symbolic input for the functional API. */
public final class Input {
  private Input() {}

  /** {@code Input.of(224, 224, 3)}: per-sample shape, batch dimension left open. */
  public static KerasTensor of(int... shape) {
    return new InputLayer(shape).output();
  }

  /** Named input, as {@code keras.Input(shape, name=...)}. */
  public static KerasTensor of(String name, int... shape) {
    return new InputLayer(name, shape).output();
  }
}
