package org.jkeras.backend;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.ndarray.Shape;

/** Shape helpers: Keras-style printing ("(None, 222, 222, 32)") and batch dimension handling. */
public final class Shapes {
  private Shapes() {}

  /** Formats like Keras: unknown dimensions print as {@code None}, one-element tuples keep the comma. */
  public static String format(Shape shape) {
    if (shape == null || shape.isUnknown()) {
      return "None";
    }
    List<String> dims = new ArrayList<>();
    for (long d : shape.asArray()) {
      dims.add(d < 0 ? "None" : Long.toString(d));
    }
    if (dims.size() == 1) {
      return "(" + dims.get(0) + ",)";
    }
    return "(" + String.join(", ", dims) + ")";
  }

  /** Adds an unknown batch dimension in front of a per-sample shape. */
  public static Shape withBatch(Shape sample) {
    return Shape.of(-1).append(sample);
  }

  /** Drops the first (batch) dimension. */
  public static Shape sample(Shape batched) {
    return batched.tail();
  }

  public static Shape of(int... dims) {
    long[] l = new long[dims.length];
    for (int i = 0; i < dims.length; i++) {
      l[i] = dims[i];
    }
    return Shape.of(l);
  }

  /** Parses "224,224,3" (or "224x224x3"). */
  public static int[] parseInts(String text) {
    String[] parts = text.trim().split("[,x]");
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Integer.parseInt(parts[i].trim());
    }
    return out;
  }
}
