package org.jkeras.data;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * Copies, rows and stacks of {@link Batch}es, for the dataset operations that keep or regroup
 * batches (shuffle, cache and prefetch keep copies: a source may reuse its arrays for its next batch).
 */
final class Batches {
  private Batches() {}

  /** A copy of {@code b} in arrays of its own. */
  static Batch copy(Batch b) {
    return new Batch(copy(b.xs()), copy(b.ys()), copy(b.sampleWeights()), b.size());
  }

  private static List<FloatNdArray> copy(List<FloatNdArray> arrays) {
    List<FloatNdArray> out = new ArrayList<>();
    for (FloatNdArray a : arrays) {
      FloatNdArray c = NdArrays.ofFloats(a.shape());
      a.copyTo(c);
      out.add(c);
    }
    return out;
  }

  /** Row {@code i} of {@code b} as a batch of one (arrays of shape (1, ...)), copied. */
  static Batch row(Batch b, int i) {
    return new Batch(row(b.xs(), i), row(b.ys(), i), row(b.sampleWeights(), i), 1);
  }

  private static List<FloatNdArray> row(List<FloatNdArray> arrays, int i) {
    List<FloatNdArray> out = new ArrayList<>();
    for (FloatNdArray a : arrays) {
      FloatNdArray r = NdArrays.ofFloats(Shape.of(1).append(a.shape().tail()));
      if (a.rank() == 1) {
        r.setFloat(a.getFloat(i), 0);
      } else {
        a.get(i).copyTo(r.get(0));
      }
      out.add(r);
    }
    return out;
  }

  /** The batches of one element each in {@code rows}, stacked into one batch. */
  static Batch stack(List<Batch> rows) {
    Batch first = rows.get(0);
    return new Batch(stack(rows, first.xs().size(), Batch::xs), stack(rows, first.ys().size(), Batch::ys),
        stack(rows, first.sampleWeights().size(), Batch::sampleWeights), rows.size());
  }

  private static List<FloatNdArray> stack(List<Batch> rows, int count, Function<Batch, List<FloatNdArray>> part) {
    List<FloatNdArray> out = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      FloatNdArray one = part.apply(rows.get(0)).get(k);
      FloatNdArray s = NdArrays.ofFloats(Shape.of(rows.size()).append(one.shape().tail()));
      for (int i = 0; i < rows.size(); i++) {
        FloatNdArray src = part.apply(rows.get(i)).get(k);
        if (src.rank() == 1) {
          s.setFloat(src.getFloat(0), i);
        } else {
          src.get(0).copyTo(s.get(i));
        }
      }
      out.add(s);
    }
    return out;
  }
}
