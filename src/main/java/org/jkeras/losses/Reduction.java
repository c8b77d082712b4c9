package org.jkeras.losses;

import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Keras 3's {@code losses/loss.py} helpers: the reduction names a loss accepts, {@code
 * squeeze_or_expand_to_same_rank}, and {@code reduce_weighted_values} (sample weights times the
 * per-sample losses, then the reduction). Metrics use the same rank matching.
 */
public final class Reduction {
  /** Keras's default: the sum of the weighted losses divided by their number (not by the sum of the weights). */
  public static final String SUM_OVER_BATCH_SIZE = "sum_over_batch_size";
  public static final String SUM = "sum";
  /** The same as {@link #SUM_OVER_BATCH_SIZE} in Keras 3. */
  public static final String MEAN = "mean";
  /** The sum of the weighted losses divided by the sum of the sample weights. */
  public static final String MEAN_WITH_SAMPLE_WEIGHT = "mean_with_sample_weight";
  /** No reduction: one loss per sample ({@code null} means the same, as Keras's {@code None}). */
  public static final String NONE = "none";

  private static final List<String> ALLOWED = Arrays.asList(SUM_OVER_BATCH_SIZE, SUM, null, NONE, MEAN, MEAN_WITH_SAMPLE_WEIGHT);

  private Reduction() {}

  /** Keras's {@code standardize_reduction}: the name itself, or a Keras-worded refusal. */
  public static String standardize(String reduction) {
    if (!ALLOWED.contains(reduction)) {
      throw new IllegalArgumentException("Invalid value for argument `reduction`. Expected one of {'sum_over_batch_size',"
          + " 'sum', None, 'none', 'mean', 'mean_with_sample_weight'}. Received: reduction=" + reduction);
    }
    return reduction;
  }

  /** Two tensors brought to the same rank by {@link #squeezeOrExpand}, in the order given. */
  public record SameRank(Operand<TFloat32> first, Operand<TFloat32> second) {}

  /**
   * Keras's {@code squeeze_or_expand_to_same_rank(x1, x2, expand_rank_1)}: when the ranks differ by
   * one and the longer one ends in 1, that axis is dropped, or, if the other is a vector and
   * {@code expandRank1}, the vector gets a trailing axis of 1.
   */
  public static SameRank squeezeOrExpand(Ops tf, Operand<TFloat32> x1, Operand<TFloat32> x2, boolean expandRank1) {
    int r1 = x1.shape().numDimensions();
    int r2 = x2.shape().numDimensions();
    if (r1 == r2 + 1 && x1.shape().get(r1 - 1) == 1) {
      if (r2 == 1 && expandRank1) {
        x2 = tf.expandDims(x2, tf.constant(-1));
      } else {
        x1 = tf.squeeze(x1, Squeeze.axis(List.of(-1L)));
      }
    }
    if (r2 == r1 + 1 && x2.shape().get(r2 - 1) == 1) {
      if (r1 == 1 && expandRank1) {
        x1 = tf.expandDims(x1, tf.constant(-1));
      } else {
        x2 = tf.squeeze(x2, Squeeze.axis(List.of(-1L)));
      }
    }
    return new SameRank(x1, x2);
  }

  public static SameRank squeezeOrExpand(Ops tf, Operand<TFloat32> x1, Operand<TFloat32> x2) {
    return squeezeOrExpand(tf, x1, x2, true);
  }

  /**
   * Keras's {@code reduce_weighted_values}: the values times the sample weights (ranks matched), then
   * {@link #reduceValues}. {@code sampleWeight} may be null.
   */
  public static Operand<TFloat32> reduceWeightedValues(Ops tf, Operand<TFloat32> values, Operand<TFloat32> sampleWeight,
      String reduction) {
    standardize(reduction);
    if (sampleWeight != null) {
      SameRank s = squeezeOrExpand(tf, values, sampleWeight);
      values = tf.math.mul(s.first(), s.second());
      sampleWeight = s.second();
    }
    return reduceValues(tf, values, sampleWeight, reduction);
  }

  /**
   * Keras's {@code reduce_values}: unreduced for {@code "none"} (or a scalar, or an empty vector);
   * otherwise the sum, divided for the mean reductions by the number of values or, for {@code
   * mean_with_sample_weight} with weights, by their sum ({@code divide_no_nan}: 0 for no samples).
   */
  public static Operand<TFloat32> reduceValues(Ops tf, Operand<TFloat32> values, Operand<TFloat32> sampleWeight,
      String reduction) {
    int rank = values.shape().numDimensions();
    if (reduction == null || reduction.equals(NONE) || rank == 0 || (rank == 1 && values.shape().get(0) == 0)) {
      return values;
    }
    Operand<TFloat32> loss = tf.reduceSum(values, allAxes(tf, rank));
    if (reduction.equals(SUM)) {
      return loss;
    }
    Operand<TFloat32> divisor;
    if (reduction.equals(MEAN_WITH_SAMPLE_WEIGHT) && sampleWeight != null) {
      divisor = tf.reduceSum(sampleWeight, allAxes(tf, sampleWeight.shape().numDimensions()));
    } else {
      divisor = tf.dtypes.cast(tf.reduceProd(tf.shape(values), tf.constant(0)), TFloat32.class);
    }
    return tf.math.divNoNan(loss, divisor);
  }

  /** The axes {@code 0 .. rank-1}, Keras's {@code axis=None}. */
  static Operand<TInt32> allAxes(Ops tf, int rank) {
    int[] axes = new int[rank];
    for (int i = 0; i < rank; i++) {
      axes[i] = i;
    }
    return tf.constant(axes);
  }
}
