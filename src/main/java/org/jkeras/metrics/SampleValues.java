package org.jkeras.metrics;

import org.jkeras.losses.Reduction;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Keras's {@code reduce_to_samplewise_values}: values and sample weights brought to one value per
 * sample. With weights: ranks matched, values reduced over the axes the weights lack, weights
 * broadcast to the values and multiplied in, weights of rank above 1 reduced to one per sample;
 * then values of rank above 1 reduced to one per sample. Reduced by mean ({@link Mean}) or sum
 * ({@link Sum}).
 */
record SampleValues(Operand<TFloat32> values, Operand<TFloat32> weights) {

  static SampleValues of(Ops tf, Operand<TFloat32> values, Operand<TFloat32> sampleWeight, boolean sum) {
    if (sampleWeight != null) {
      Reduction.SameRank s = Reduction.squeezeOrExpand(tf, values, sampleWeight);
      values = s.first();
      sampleWeight = s.second();
      int weightRank = sampleWeight.shape().numDimensions();
      int valuesRank = values.shape().numDimensions();
      if (valuesRank > weightRank) {
        values = reduce(tf, values, weightRank, valuesRank, sum);
      }
      sampleWeight = tf.broadcastTo(sampleWeight, tf.shape(values));
      values = tf.math.mul(values, sampleWeight);
      if (weightRank > 1) {
        sampleWeight = reduce(tf, sampleWeight, 1, weightRank, sum);
      }
    }
    int rank = values.shape().numDimensions();
    if (rank > 1) {
      values = reduce(tf, values, 1, rank, sum);
    }
    return new SampleValues(values, sampleWeight);
  }

  private static Operand<TFloat32> reduce(Ops tf, Operand<TFloat32> x, int from, int to, boolean sum) {
    int[] axes = new int[to - from];
    for (int i = from; i < to; i++) {
      axes[i - from] = i;
    }
    return sum ? tf.reduceSum(x, tf.constant(axes)) : tf.math.mean(x, tf.constant(axes));
  }

  /** Every axis of {@code x}: Keras's {@code ops.sum(x)}. */
  static Operand<TInt32> allAxes(Ops tf, Operand<TFloat32> x) {
    int rank = x.shape().numDimensions();
    int[] axes = new int[rank];
    for (int i = 0; i < rank; i++) {
      axes[i] = i;
    }
    return tf.constant(axes);
  }
}
