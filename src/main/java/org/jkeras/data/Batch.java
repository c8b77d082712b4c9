package org.jkeras.data;

import java.util.List;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * One batch: one array per model input ({@code xs}, shape (size, ...)), one per labelled output
 * ({@code ys}, empty for unlabelled data) and, when given, one sample-weight vector per output
 * ({@code sampleWeights}, shape (size,)). A dataset may reuse the arrays of a batch for a later one:
 * use a batch before asking for the next.
 */
public record Batch(List<FloatNdArray> xs, List<FloatNdArray> ys, List<FloatNdArray> sampleWeights, int size) {

  /** A batch of one input and one label array (or null for none), without sample weights. */
  public Batch(FloatNdArray x, FloatNdArray y, int size) {
    this(List.of(x), y == null ? List.of() : List.of(y), List.of(), size);
  }

  /** The (first) input array. */
  public FloatNdArray x() {
    return xs.get(0);
  }

  /** The (first) label array, or null for unlabelled data. */
  public FloatNdArray y() {
    return ys.isEmpty() ? null : ys.get(0);
  }
}
