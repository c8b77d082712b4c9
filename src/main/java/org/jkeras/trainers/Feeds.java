package org.jkeras.trainers;

import java.util.HashMap;
import java.util.Map;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * Input tensors kept for reuse, one per batch shape: a training run allocates its feed buffers
 * once instead of every step (first touches of fresh memory are slow on these machines).
 */
final class Feeds implements AutoCloseable {
  private final Map<Shape, TFloat32> tensors = new HashMap<>();

  /** {@code a} as a tensor: itself when it already is one, else a reused tensor holding a copy. */
  TFloat32 of(String slot, FloatNdArray a) {
    if (a instanceof TFloat32) {
      return (TFloat32) a;
    }
    Shape key = Shape.of(slot.hashCode()).append(a.shape());
    TFloat32 t = tensors.get(key);
    if (t == null) {
      if (tensors.size() > 8) {
        close();
      }
      t = TFloat32.tensorOf(a.shape());
      tensors.put(key, t);
    }
    a.copyTo(t);
    return t;
  }

  @Override
  public void close() {
    for (TFloat32 t : tensors.values()) {
      t.close();
    }
    tensors.clear();
  }
}
