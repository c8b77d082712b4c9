package org.jkeras.metrics;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/** {@link AUC}'s {@code result()}: the area under its curve from the counts at each threshold, as Keras computes it. */
final class AucCurves {
  private AucCurves() {}

  static Operand<TFloat32> area(Ops tf, AUC auc, Operand<TFloat32> tp, Operand<TFloat32> fp, Operand<TFloat32> tn,
      Operand<TFloat32> fn) {
    int n = auc.thresholdCount();
    if (auc.curveName().equals("PR") && auc.summation().equals("interpolation")) {
      return average(tf, auc, interpolatedPr(tf, tp, fp, fn, n));
    }
    Operand<TFloat32> recall = tf.math.divNoNan(tp, tf.math.add(tp, fn));
    Operand<TFloat32> x;
    Operand<TFloat32> y;
    if (auc.curveName().equals("ROC")) {
      x = tf.math.divNoNan(fp, tf.math.add(fp, tn));
      y = recall;
    } else if (auc.curveName().equals("PR")) {
      x = recall;
      y = tf.math.divNoNan(tp, tf.math.add(tp, fp));
    } else {
      // Precision-recall gain: both gains scaled by P/N; no true positives gives recall gain 0 and
      // precision gain 1, and a negative recall gain is taken as 0 (Keras's choices).
      Operand<TFloat32> one = tf.constant(1f);
      Operand<TFloat32> zero = tf.constant(0f);
      Operand<TFloat32> scaling = tf.math.divNoNan(tf.math.add(tp, fn), tf.math.add(tn, fp));
      Operand<TFloat32> recallGain = tf.math.sub(one, tf.math.mul(scaling, tf.math.divNoNan(fn, tp)));
      Operand<TFloat32> precisionGain = tf.math.sub(one, tf.math.mul(scaling, tf.math.divNoNan(fp, tp)));
      Operand<TBool> noTp = tf.math.equal(tp, zero);
      recallGain = tf.select(noTp, tf.zerosLike(recallGain), recallGain);
      precisionGain = tf.select(noTp, tf.onesLike(precisionGain), precisionGain);
      x = tf.math.maximum(recallGain, zero);
      y = precisionGain;
    }
    Operand<TFloat32> heights;
    switch (auc.summation()) {
      case "interpolation":
        heights = tf.math.div(tf.math.add(head(tf, y, n), tail(tf, y, n)), tf.constant(2f));
        break;
      case "minoring":
        heights = tf.math.minimum(head(tf, y, n), tail(tf, y, n));
        break;
      default:
        heights = tf.math.maximum(head(tf, y, n), tail(tf, y, n));
    }
    return average(tf, auc, tf.math.mul(tf.math.sub(head(tf, x, n), tail(tf, x, n)), heights));
  }

  /**
   * Keras's {@code interpolate_pr_auc} (Davis and Goadrich 2006): between two thresholds precision
   * is interpolated along the true positives, which gives each piece's area in closed form.
   */
  private static Operand<TFloat32> interpolatedPr(Ops tf, Operand<TFloat32> tp, Operand<TFloat32> fp, Operand<TFloat32> fn,
      int n) {
    Operand<TFloat32> zero = tf.constant(0f);
    Operand<TFloat32> dtp = tf.math.sub(head(tf, tp, n), tail(tf, tp, n));
    Operand<TFloat32> p = tf.math.add(tp, fp);
    Operand<TFloat32> dp = tf.math.sub(head(tf, p, n), tail(tf, p, n));
    Operand<TFloat32> slope = tf.math.divNoNan(dtp, tf.math.maximum(dp, zero));
    Operand<TFloat32> intercept = tf.math.sub(tail(tf, tp, n), tf.math.mul(slope, tail(tf, p, n)));
    Operand<TBool> bothPositive = tf.math.logicalAnd(tf.math.greater(head(tf, p, n), zero), tf.math.greater(tail(tf, p, n), zero));
    Operand<TFloat32> ratio = tf.math.divNoNan(head(tf, p, n), tf.math.maximum(tail(tf, p, n), zero));
    Operand<TFloat32> safeRatio = tf.select(bothPositive, ratio, tf.onesLike(tail(tf, p, n)));
    Operand<TFloat32> numerator = tf.math.mul(slope, tf.math.add(dtp, tf.math.mul(intercept, tf.math.log(safeRatio))));
    return tf.math.divNoNan(numerator, tf.math.maximum(tf.math.add(tail(tf, tp, n), tail(tf, fn, n)), zero));
  }

  /** The sum of the pieces; for a multi-label AUC, each label's sum, averaged (weighted by the label weights). */
  private static Operand<TFloat32> average(Ops tf, AUC auc, Operand<TFloat32> pieces) {
    if (!auc.isMultiLabel()) {
      return tf.reduceSum(pieces, tf.constant(0));
    }
    Operand<TFloat32> byLabel = tf.reduceSum(pieces, tf.constant(0));
    if (auc.weightsOfLabels() == null) {
      return tf.math.mean(byLabel, tf.constant(0));
    }
    Operand<TFloat32> w = tf.constant(auc.weightsOfLabels());
    return tf.math.divNoNan(tf.reduceSum(tf.math.mul(byLabel, w), tf.constant(0)), tf.reduceSum(w, tf.constant(0)));
  }

  /** {@code x[:n - 1]} along the thresholds axis. */
  private static Operand<TFloat32> head(Ops tf, Operand<TFloat32> x, int n) {
    return slice(tf, x, n, 0);
  }

  /** {@code x[1:]} along the thresholds axis. */
  private static Operand<TFloat32> tail(Ops tf, Operand<TFloat32> x, int n) {
    return slice(tf, x, n, 1);
  }

  private static Operand<TFloat32> slice(Ops tf, Operand<TFloat32> x, int n, int from) {
    return tf.stridedSlice(x, Indices.slice(from, from + n - 1));
  }
}
