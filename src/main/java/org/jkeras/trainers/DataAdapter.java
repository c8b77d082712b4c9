package org.jkeras.trainers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.Shapes;
import org.jkeras.data.ArrayDataset;
import org.jkeras.kwargs.Args;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * In-memory arrays made into the datasets {@code fit}, {@code evaluate} and {@code predict} iterate,
 * as Keras's array data adapter: sample weights replicated to every output or given per output,
 * class weights turned into sample weights, {@code validation_split} taking the last samples.
 */
final class DataAdapter {
  private DataAdapter() {}

  /**
   * The sample-weight vectors, one per output, from {@code sample_weight} or {@code class_weight}
   * (null: none); empty without either.
   */
  static List<FloatNdArray> sampleWeights(Args.SampleWeight sw, Args.ClassWeight cw, List<FloatNdArray> ys) {
    if (cw != null) {
      if (ys.size() != 1) {
        throw new IllegalArgumentException("`class_weight` is only supported for Models with a single output.");
      }
      return List.of(classWeights(cw.value(), ys.get(0)));
    }
    if (sw == null) {
      return List.of();
    }
    List<FloatNdArray> out = new ArrayList<>();
    if (!sw.perOutput()) {
      ys.forEach(y -> out.add(vector(sw.value().get(0))));
    } else {
      if (sw.value().size() != ys.size()) {
        throw new IllegalArgumentException("You should provide one `sample_weight` array per output in `y`. Received "
            + sw.value().size() + " arrays for " + ys.size() + " outputs.");
      }
      sw.value().forEach(w -> out.add(vector(w)));
    }
    return out;
  }

  /** A weight vector of shape (n,), from (n,) or (n, 1). */
  private static FloatNdArray vector(FloatNdArray w) {
    if (w.rank() == 1) {
      return w;
    }
    if (w.rank() == 2 && w.shape().get(1) == 1) {
      FloatNdArray out = NdArrays.ofFloats(Shape.of(w.shape().get(0)));
      for (long i = 0; i < w.shape().get(0); i++) {
        out.setFloat(w.getFloat(i, 0), i);
      }
      return out;
    }
    throw new IllegalArgumentException("`sample_weight` must be a 1-D array of one weight per sample. Received: "
        + "sample_weight.shape=" + Shapes.format(w.shape()));
  }

  /**
   * Keras's {@code class_weight_to_sample_weights}: each sample's weight is its class's (1.0 for a
   * class not listed); the class is the label rounded for one column, its argmax for one-hot rows.
   */
  static FloatNdArray classWeights(Map<Integer, Double> classWeight, FloatNdArray y) {
    long n = y.shape().get(0);
    FloatNdArray out = NdArrays.ofFloats(Shape.of(n));
    for (long i = 0; i < n; i++) {
      int cls;
      if (y.rank() == 1) {
        cls = Math.round(y.getFloat(i));
      } else if (y.shape().get(1) == 1) {
        cls = Math.round(y.getFloat(i, 0));
      } else {
        cls = 0;
        for (long k = 1; k < y.shape().get(1); k++) {
          if (y.getFloat(i, k) > y.getFloat(i, cls)) {
            cls = (int) k;
          }
        }
      }
      out.setFloat(classWeight.getOrDefault(cls, 1.0).floatValue(), i);
    }
    return out;
  }

  /** Keras's {@code validation_split}: the last samples held out, before any shuffling; [training, validation]. */
  static ArrayDataset[] split(ArrayDataset all, double validationSplit, boolean shuffle) {
    long n = all.size();
    long splitAt = (long) Math.floor(n * (1.0 - validationSplit));
    if (splitAt == 0 || splitAt == n) {
      throw new IllegalArgumentException(
          "Training data contains " + n + " samples, which is not sufficient to split it into a validation and training set"
              + " as specified by `validation_split=" + validationSplit + "`. Either provide more data, or a different value for"
              + " the `validation_split` argument.");
    }
    return new ArrayDataset[] {all.slice(0, splitAt, shuffle), all.slice(splitAt, n, false)};
  }
}
