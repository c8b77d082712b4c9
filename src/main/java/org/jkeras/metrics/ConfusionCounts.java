package org.jkeras.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jkeras.backend.KerasVariable;
import org.jkeras.losses.Reduction;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Keras's {@code metrics_utils.update_confusion_matrix_variables}: adds a batch's true and false
 * positives and negatives, per threshold (a prediction is positive when strictly above it), to
 * the given variables, with sample weights, label weights, {@code top_k} and {@code class_id}.
 *
 * <p>As in Keras, evenly spaced thresholds take the bucketed path ({@code ceil(p * (T - 1)) - 1}
 * per prediction, one segment sum, a reversed cumulative sum), others compare every prediction with
 * every threshold; both are reproduced op for op, so counts with fractional weights sum in Keras's
 * order.
 */
final class ConfusionCounts {
  /** Keras's {@code NEG_INF}: what top_k filtering puts in place of the predictions it drops. */
  static final float NEG_INF = -1e10f;

  private ConfusionCounts() {}

  /** The variables to add to (null: not kept), and how to read the batch. */
  record Update(KerasVariable truePositives, KerasVariable falsePositives, KerasVariable trueNegatives,
      KerasVariable falseNegatives, double[] thresholds, boolean evenly, Integer topK, Integer classId,
      boolean multiLabel, float[] labelWeights) {}

  static Op update(Ops tf, Update u, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Operand<TFloat32> sampleWeight) {
    boolean withEpsilon = u.evenly() && (u.thresholds()[0] < 0 || u.thresholds()[u.thresholds().length - 1] > 1);
    Reduction.SameRank s = Reduction.squeezeOrExpand(tf, yPred, yTrue);
    yPred = s.first();
    yTrue = s.second();
    if (sampleWeight != null) {
      sampleWeight = Reduction.squeezeOrExpand(tf, yTrue, tf.expandDims(sampleWeight, tf.constant(-1)), false).second();
    }
    if (u.topK() != null) {
      yPred = filterTopK(tf, yPred, u.topK());
    }
    if (u.classId() != null) {
      int rank = yPred.shape().numDimensions();
      if (rank == 1) {
        throw new IllegalArgumentException("When class_id is provided, y_pred must be a 2D array with shape (num_samples,"
            + " num_classes), found shape: " + yPred.shape());
      }
      yTrue = lastAxisSlice(tf, yTrue, u.classId());
      yPred = lastAxisSlice(tf, yPred, u.classId());
    }
    List<Op> ops = u.evenly() ? bucketed(tf, u, yTrue, yPred, sampleWeight, withEpsilon)
        : compared(tf, u, yTrue, yPred, sampleWeight);
    return tf.withControlDependencies(ops).noOp();
  }

  /** Keras's {@code y[..., class_id, None]}. */
  private static Operand<TFloat32> lastAxisSlice(Ops tf, Operand<TFloat32> y, int classId) {
    int rank = y.shape().numDimensions();
    int[] begin = new int[rank];
    int[] size = new int[rank];
    Arrays.fill(size, -1);
    begin[rank - 1] = classId;
    size[rank - 1] = 1;
    return tf.slice(y, tf.constant(begin), tf.constant(size));
  }

  /** Keras's {@code _filter_top_k}: predictions outside each row's top k become {@link #NEG_INF}. */
  private static Operand<TFloat32> filterTopK(Ops tf, Operand<TFloat32> x, int k) {
    Operand<TInt32> idx = tf.nn.topK(x, tf.constant(k), TInt32.class).indices();
    long classes = x.shape().get(x.shape().numDimensions() - 1);
    Operand<TFloat32> mask = tf.reduceSum(tf.oneHot(idx, tf.constant((int) classes), tf.constant(1f), tf.constant(0f)),
        tf.constant(-2));
    Operand<TFloat32> one = tf.constant(1f);
    return tf.math.add(tf.math.mul(x, mask), tf.math.mul(tf.constant(NEG_INF), tf.math.sub(one, mask)));
  }

  /** Keras's {@code _update_confusion_matrix_variables_optimized}, for evenly spaced thresholds. */
  private static List<Op> bucketed(Ops tf, Update u, Operand<TFloat32> yTrue, Operand<TFloat32> yPred,
      Operand<TFloat32> sampleWeight, boolean withEpsilon) {
    int n = u.thresholds().length;
    boolean multi = u.multiLabel();
    Operand<TFloat32> weights = null;
    if (sampleWeight != null) {
      weights = tf.broadcastTo(sampleWeight, tf.shape(yPred));
      weights = multi ? weights : flatten(tf, weights);
    }
    if (u.labelWeights() != null) {
      Operand<TFloat32> lw = tf.broadcastTo(tf.expandDims(tf.constant(u.labelWeights()), tf.constant(0)), tf.shape(yPred));
      lw = multi ? lw : flatten(tf, lw);
      weights = weights == null ? lw : tf.math.mul(weights, lw);
    }
    if (weights == null) {
      weights = tf.constant(1f);
    }
    yPred = tf.clipByValue(yPred, tf.constant(0f), tf.constant(1f));
    yTrue = tf.dtypes.cast(tf.dtypes.cast(yTrue, TBool.class), TFloat32.class);
    if (!multi) {
      yTrue = flatten(tf, yTrue);
      yPred = flatten(tf, yPred);
    }
    Operand<TFloat32> trueLabels = tf.math.mul(yTrue, weights);
    Operand<TFloat32> falseLabels = tf.math.mul(tf.math.sub(tf.constant(1f), yTrue), weights);
    Operand<TFloat32> bucket = tf.math.sub(tf.math.ceil(tf.math.mul(yPred, tf.constant((float) (n - 1)))), tf.constant(1f));
    if (withEpsilon) {
      bucket = tf.nn.relu(bucket);
    }
    Operand<TInt32> ids = tf.dtypes.cast(bucket, TInt32.class);
    Operand<TFloat32> tp;
    Operand<TFloat32> fp;
    Operand<TFloat32> totalTrue;
    Operand<TFloat32> totalFalse;
    if (multi) {
      // Keras maps a segment sum over each label (labels first); one segment sum with the ids of
      // label l offset by l * n is the same sums in the same order.
      Operand<TInt32> perm = tf.constant(new int[] {1, 0});
      trueLabels = tf.linalg.transpose(trueLabels, perm);
      falseLabels = tf.linalg.transpose(falseLabels, perm);
      ids = tf.linalg.transpose(ids, perm);
      long labels = yPred.shape().get(1);
      Operand<TInt32> offsets = tf.math.mul(tf.range(tf.constant(0), tf.constant((int) labels), tf.constant(1)), tf.constant(n));
      ids = tf.math.add(ids, tf.expandDims(offsets, tf.constant(1)));
      tp = perLabelCounts(tf, trueLabels, ids, (int) labels, n);
      fp = perLabelCounts(tf, falseLabels, ids, (int) labels, n);
      totalTrue = tf.reduceSum(trueLabels, tf.constant(1));
      totalFalse = tf.reduceSum(falseLabels, tf.constant(1));
    } else {
      tp = reverseCumsum(tf, tf.math.unsortedSegmentSum(trueLabels, ids, tf.constant(n)), 0);
      fp = reverseCumsum(tf, tf.math.unsortedSegmentSum(falseLabels, ids, tf.constant(n)), 0);
      totalTrue = tf.reduceSum(trueLabels, tf.constant(0));
      totalFalse = tf.reduceSum(falseLabels, tf.constant(0));
    }
    List<Op> ops = new ArrayList<>();
    if (u.truePositives() != null) {
      ops.add(u.truePositives().assignAdd(tf, tp));
    }
    if (u.falsePositives() != null) {
      ops.add(u.falsePositives().assignAdd(tf, fp));
    }
    if (u.trueNegatives() != null) {
      ops.add(u.trueNegatives().assignAdd(tf, tf.math.sub(totalFalse, fp)));
    }
    if (u.falseNegatives() != null) {
      ops.add(u.falseNegatives().assignAdd(tf, tf.math.sub(totalTrue, tp)));
    }
    return ops;
  }

  /** Segment sums of (labels, samples) data into (thresholds, labels) counts at or above each bucket. */
  private static Operand<TFloat32> perLabelCounts(Ops tf, Operand<TFloat32> data, Operand<TInt32> ids, int labels, int n) {
    Operand<TFloat32> buckets = tf.reshape(tf.math.unsortedSegmentSum(data, ids, tf.constant(labels * n)),
        tf.constant(new int[] {labels, n}));
    return tf.linalg.transpose(reverseCumsum(tf, buckets, 1), tf.constant(new int[] {1, 0}));
  }

  /** Keras's {@code flip(cumsum(flip(x)))} along one axis: each bucket plus every bucket above it. */
  private static Operand<TFloat32> reverseCumsum(Ops tf, Operand<TFloat32> x, int axis) {
    Operand<TInt32> a = tf.constant(new int[] {axis});
    return tf.reverse(tf.math.cumsum(tf.reverse(x, a), tf.constant(axis)), a);
  }

  private static Operand<TFloat32> flatten(Ops tf, Operand<TFloat32> x) {
    return tf.reshape(x, tf.constant(new int[] {-1}));
  }

  /** Keras's general path: every prediction compared with every threshold. */
  private static List<Op> compared(Ops tf, Update u, Operand<TFloat32> yTrue, Operand<TFloat32> yPred,
      Operand<TFloat32> sampleWeight) {
    int n = u.thresholds().length;
    boolean multi = u.multiLabel();
    float[] th = new float[n];
    for (int i = 0; i < n; i++) {
      th[i] = (float) u.thresholds()[i];
    }
    Operand<TInt32> batch = tf.gather(tf.shape(yPred), tf.constant(0), tf.constant(0));
    Operand<TInt32> labels = tf.constant(yPred.shape().numDimensions() == 1 ? 1 : (int) restSize(yPred));
    Operand<TFloat32> thresholds = tf.constant(th);
    Operand<TFloat32> predsExtra;
    Operand<TBool> labelsExtra;
    Operand<TInt32> threshTiles;
    Operand<TInt32> dataTiles;
    if (multi) {
      predsExtra = tf.expandDims(yPred, tf.constant(0));
      labelsExtra = tf.expandDims(tf.dtypes.cast(yTrue, TBool.class), tf.constant(0));
      thresholds = tf.reshape(thresholds, tf.constant(new int[] {n, 1, -1}));
      threshTiles = tf.stack(List.of(tf.constant(1), batch, labels));
      dataTiles = tf.constant(new int[] {n, 1, 1});
    } else {
      predsExtra = tf.reshape(yPred, tf.constant(new int[] {1, -1}));
      labelsExtra = tf.reshape(tf.dtypes.cast(yTrue, TBool.class), tf.constant(new int[] {1, -1}));
      thresholds = tf.reshape(thresholds, tf.constant(new int[] {n, -1}));
      threshTiles = tf.stack(List.of(tf.constant(1), tf.math.mul(batch, labels)));
      dataTiles = tf.constant(new int[] {n, 1});
    }
    Operand<TBool> predIsPos = tf.math.greater(tf.tile(predsExtra, dataTiles), tf.tile(thresholds, threshTiles));
    Operand<TBool> labelIsPos = tf.tile(labelsExtra, dataTiles);
    Operand<TFloat32> weights = null;
    if (sampleWeight != null) {
      weights = tf.tile(tf.reshape(tf.broadcastTo(sampleWeight, tf.shape(yPred)), threshTiles), dataTiles);
    }
    if (u.labelWeights() != null && !multi) {
      Operand<TFloat32> lw = tf.broadcastTo(tf.expandDims(tf.constant(u.labelWeights()), tf.constant(0)), tf.shape(yPred));
      lw = tf.tile(tf.reshape(lw, threshTiles), dataTiles);
      weights = weights == null ? lw : tf.math.mul(weights, lw);
    }
    Operand<TBool> predIsNeg = tf.math.logicalNot(predIsPos);
    Operand<TBool> labelIsNeg = tf.math.logicalNot(labelIsPos);
    List<Op> ops = new ArrayList<>();
    add(tf, ops, u.truePositives(), labelIsPos, predIsPos, weights);
    add(tf, ops, u.falseNegatives(), labelIsPos, predIsNeg, weights);
    add(tf, ops, u.falsePositives(), labelIsNeg, predIsPos, weights);
    add(tf, ops, u.trueNegatives(), labelIsNeg, predIsNeg, weights);
    return ops;
  }

  /** Keras's {@code weighted_assign_add}: the weights (or ones) where both hold, summed over the samples. */
  private static void add(Ops tf, List<Op> ops, KerasVariable v, Operand<TBool> label, Operand<TBool> pred,
      Operand<TFloat32> weights) {
    if (v == null) {
      return;
    }
    Operand<TBool> both = tf.math.logicalAnd(label, pred);
    Operand<TFloat32> counted = weights != null ? tf.select(both, weights, tf.zerosLike(weights))
        : tf.dtypes.cast(both, TFloat32.class);
    ops.add(v.assignAdd(tf, tf.reduceSum(counted, tf.constant(1))));
  }

  private static long restSize(Operand<TFloat32> y) {
    long size = 1;
    for (int i = 1; i < y.shape().numDimensions(); i++) {
      size *= y.shape().get(i);
    }
    return size;
  }

  /** Keras's {@code is_evenly_distributed_thresholds}: at least 3, equal to {@code i / (n - 1)} within numpy's allclose. */
  static boolean evenlyDistributed(double[] thresholds) {
    int n = thresholds.length;
    if (n < 3) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      double even = (float) i / (float) (n - 1); // np.arange(n, dtype=float32) / (n - 1)
      if (Math.abs(thresholds[i] - even) > 1e-7 + 1e-5 * Math.abs(even)) {
        return false;
      }
    }
    return true;
  }

  /** Keras's {@code assert_thresholds_range}. */
  static void checkRange(double[] thresholds) {
    List<Double> bad = new ArrayList<>();
    for (double t : thresholds) {
      if (Double.isNaN(t) || t < 0 || t > 1) {
        bad.add(t);
      }
    }
    if (!bad.isEmpty()) {
      throw new IllegalArgumentException("Threshold values must be in [0, 1]. Received: " + bad);
    }
  }
}
