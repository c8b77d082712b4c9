package org.jkeras.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.KerasVariable;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceMax;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code FBetaScore(average=None, beta=1.0, threshold=None)} ({@code "fbeta_score"}) on
 * (samples, classes) labels and predictions: per class {@code (1 + b^2) * P * R / (b^2 * P + R)}
 * from true positives, false positives and false negatives counted over every sample seen. A
 * prediction is positive when above {@code threshold}, or, without one, when it is its row's
 * largest (and not 0). {@code average}: null gives the vector of per-class scores (logged as
 * {@code fbeta_score[0]}, {@code fbeta_score[1]}... by jkeras); {@code "micro"} counts all classes
 * together; {@code "macro"} averages the classes; {@code "weighted"} weights them by their positives.
 */
public class FBetaScore extends Metric {
  private static final float EPSILON = 1e-7f;
  private String average;
  private double beta = 1.0;
  private Double threshold;
  private KerasVariable truePositives;
  private KerasVariable falsePositives;
  private KerasVariable falseNegatives;
  private KerasVariable intermediateWeights;

  public FBetaScore() {
    this(null);
  }

  /** Keras's {@code FBetaScore(average)}. */
  public FBetaScore(String average) {
    this(average, 1.0);
  }

  /** Keras's {@code FBetaScore(average, beta)}. */
  public FBetaScore(String average, double beta) {
    this("fbeta_score", average, beta);
  }

  FBetaScore(String name, String average, double beta) {
    super(name);
    average(average);
    if (!(beta > 0.0)) {
      throw new IllegalArgumentException("Invalid `beta` argument value. It should be > 0. Received: beta=" + beta);
    }
    this.beta = beta;
  }

  /** null (one score per class), {@code "micro"}, {@code "macro"} or {@code "weighted"}. */
  public FBetaScore average(String average) {
    if (average != null && !Arrays.asList("micro", "macro", "weighted").contains(average)) {
      throw new IllegalArgumentException("Invalid `average` argument value. Expected one of: {None, 'micro', 'macro',"
          + " 'weighted'}. Received: average=" + average);
    }
    this.average = average;
    return this;
  }

  /** A fixed threshold in (0, 1] instead of each row's largest prediction. */
  public FBetaScore threshold(double threshold) {
    if (threshold > 1.0 || threshold <= 0.0) {
      throw new IllegalArgumentException("Invalid `threshold` argument value. It should verify 0 < threshold <= 1."
          + " Received: threshold=" + threshold);
    }
    this.threshold = threshold;
    return this;
  }

  @Override
  protected void build(Shape yTrueShape, Shape yPredShape) {
    if (yTrueShape == null || yPredShape == null) {
      throw new IllegalStateException(getClass().getSimpleName() + " `" + name() + "` has no state before its first update.");
    }
    if (yPredShape.numDimensions() != 2 || yTrueShape.numDimensions() != 2) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " expects 2D inputs with shape (batch_size,"
          + " output_dim). Received input shapes: y_pred.shape=" + yPredShape + " and y_true.shape=" + yTrueShape + ".");
    }
    if (yPredShape.get(1) < 0 || yTrueShape.get(1) < 0) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " expects 2D inputs with shape (batch_size,"
          + " output_dim), with output_dim fully defined (not None). Received input shapes: y_pred.shape=" + yPredShape
          + " and y_true.shape=" + yTrueShape + ".");
    }
    Shape shape = "micro".equals(average) ? Shape.scalar() : Shape.of(yPredShape.get(1));
    truePositives = addVariable("true_positives", shape);
    falsePositives = addVariable("false_positives", shape);
    falseNegatives = addVariable("false_negatives", shape);
    intermediateWeights = addVariable("intermediate_weights", shape);
  }

  @Override
  public Op updateState(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Operand<TFloat32> sampleWeight) {
    Operand<TBool> positive;
    if (threshold == null) {
      Operand<TFloat32> max = tf.reduceMax(yPred, tf.constant(-1), ReduceMax.keepDims(true));
      positive = tf.math.logicalAnd(tf.math.greaterEqual(yPred, max), tf.math.greater(tf.math.abs(yPred), tf.constant(1e-9f)));
    } else {
      positive = tf.math.greater(yPred, tf.constant(threshold.floatValue()));
    }
    Operand<TFloat32> p = tf.dtypes.cast(positive, TFloat32.class);
    Operand<TFloat32> one = tf.constant(1f);
    Operand<TFloat32> tp = weightedSum(tf, tf.math.mul(p, yTrue), sampleWeight);
    Operand<TFloat32> fp = weightedSum(tf, tf.math.mul(p, tf.math.sub(one, yTrue)), sampleWeight);
    Operand<TFloat32> fn = weightedSum(tf, tf.math.mul(tf.math.sub(one, p), yTrue), sampleWeight);
    Operand<TFloat32> iw = weightedSum(tf, yTrue, sampleWeight);
    return tf.withControlDependencies(List.of(truePositives.assignAdd(tf, tp), falsePositives.assignAdd(tf, fp),
        falseNegatives.assignAdd(tf, fn), intermediateWeights.assignAdd(tf, iw))).noOp();
  }

  /** Keras's {@code _weighted_sum}: times the sample weights, summed over samples (over everything for micro). */
  private Operand<TFloat32> weightedSum(Ops tf, Operand<TFloat32> val, Operand<TFloat32> sampleWeight) {
    if (sampleWeight != null) {
      val = tf.math.mul(val, tf.expandDims(sampleWeight, tf.constant(1)));
    }
    return "micro".equals(average) ? tf.reduceSum(val, tf.constant(new int[] {0, 1})) : tf.reduceSum(val, tf.constant(0));
  }

  @Override
  public Operand<TFloat32> result(Ops tf) {
    Operand<TFloat32> eps = tf.constant(EPSILON);
    Operand<TFloat32> tp = truePositives.read(tf);
    Operand<TFloat32> precision = tf.math.div(tp, tf.math.add(tf.math.add(tp, falsePositives.read(tf)), eps));
    Operand<TFloat32> recall = tf.math.div(tp, tf.math.add(tf.math.add(tp, falseNegatives.read(tf)), eps));
    Operand<TFloat32> mul = tf.math.mul(precision, recall);
    Operand<TFloat32> add = tf.math.add(tf.math.mul(tf.constant((float) (beta * beta)), precision), recall);
    Operand<TFloat32> score = tf.math.mul(tf.math.div(mul, tf.math.add(add, eps)), tf.constant((float) (1 + beta * beta)));
    if ("weighted".equals(average)) {
      Operand<TFloat32> iw = intermediateWeights.read(tf);
      Operand<TFloat32> weights = tf.math.div(iw, tf.math.add(tf.reduceSum(iw, tf.constant(0)), eps));
      return tf.reduceSum(tf.math.mul(score, weights), tf.constant(0));
    }
    if (average != null) {
      return tf.math.mean(score, SampleValues.allAxes(tf, score));
    }
    return score;
  }

  @Override
  public String direction() {
    return "up";
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("average", average);
    c.put("beta", beta);
    c.put("threshold", threshold);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static FBetaScore fromConfig(Map<String, Object> config) {
    Config c = readConfig("FBetaScore", config);
    FBetaScore f = new FBetaScore(c.getString("average", null), c.getDouble("beta", 1.0));
    if (c.has("threshold")) {
      f.threshold(c.getDouble("threshold"));
    }
    return withName(f, c);
  }
}
