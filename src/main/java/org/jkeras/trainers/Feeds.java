package org.jkeras.trainers;

import java.util.HashMap;
import java.util.Map;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * Input tensors kept for reuse, per feed slot ({@code x0}, {@code y1}...) and batch shape: a
 * training run allocates its feed buffers once instead of every step (first touches of fresh
 * memory are slow on these machines). A slot keeps at most two shapes (the full batch and the
 * last, smaller one); a third replaces the older, which no feed of the run being built uses, since
 * a run feeds each slot once.
 */
final class Feeds implements AutoCloseable {
  private static final int SHAPES_PER_SLOT = 2;
  private final Map<String, Map<Shape, TFloat32>> slots = new HashMap<>();

  /** {@code a} as a tensor: itself when it already is one, else a reused tensor holding a copy. */
  TFloat32 of(String slot, FloatNdArray a) {
    if (a instanceof TFloat32) {
      return (TFloat32) a;
    }
    Map<Shape, TFloat32> byShape = slots.computeIfAbsent(slot, s -> new HashMap<>());
    TFloat32 t = byShape.get(a.shape());
    if (t == null) {
      if (byShape.size() >= SHAPES_PER_SLOT) {
        byShape.values().forEach(TFloat32::close);
        byShape.clear();
      }
      t = TFloat32.tensorOf(a.shape());
      byShape.put(a.shape(), t);
    }
    a.copyTo(t);
    return t;
  }

  @Override
  public void close() {
    for (Map<Shape, TFloat32> byShape : slots.values()) {
      byShape.values().forEach(TFloat32::close);
    }
    slots.clear();
  }
}
