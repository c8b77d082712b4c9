package org.jkeras.metrics;

import java.util.List;
import java.util.Map;
import org.jkeras.backend.KerasVariable;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code Mean} ({@code "mean"}): the weighted mean of every value given to {@code
 * update_state(values, sample_weight)}: {@code total += sum(values * w)}, {@code count += sum(w)}
 * (the number of samples without weights), {@code result = total / count} (0 before any). Values
 * with more axes than the weights are first averaged over the extra axes (Keras's {@code
 * reduce_to_samplewise_values}).
 *
 * <p>As in Keras it takes values, not labels and predictions, so it is not a model metric by
 * itself: {@link MeanMetricWrapper} is (in jkeras not a subclass of Mean, whose {@code
 * updateState(values, sampleWeight)} would read its arguments differently).
 */
public class Mean extends Metric {
  private KerasVariable total;
  private KerasVariable count;

  public Mean() {
    this("mean");
  }

  public Mean(String name) {
    super(name);
  }

  @Override
  protected void build(Shape yTrueShape, Shape yPredShape) {
    total = addVariable("total", Shape.scalar());
    count = addVariable("count", Shape.scalar());
  }

  /** Keras's {@code update_state(values, sample_weight)} ({@code sampleWeight} may be null). */
  public Op updateState(Ops tf, Operand<TFloat32> values, Operand<TFloat32> sampleWeight) {
    return accumulate(tf, total, count, values, sampleWeight);
  }

  /** Folds values (weighted) into a total and a count, as Keras's {@code Mean.update_state}. */
  static Op accumulate(Ops tf, KerasVariable total, KerasVariable count, Operand<TFloat32> values,
      Operand<TFloat32> sampleWeight) {
    SampleValues s = SampleValues.of(tf, values, sampleWeight, false);
    Operand<TFloat32> n;
    if (s.weights() != null) {
      n = tf.reduceSum(s.weights(), SampleValues.allAxes(tf, s.weights()));
    } else if (s.values().shape().numDimensions() >= 1) {
      n = tf.dtypes.cast(tf.gather(tf.shape(s.values()), tf.constant(0), tf.constant(0)), TFloat32.class);
    } else {
      n = tf.constant(1f);
    }
    Op addTotal = total.assignAdd(tf, tf.reduceSum(s.values(), SampleValues.allAxes(tf, s.values())));
    Op addCount = count.assignAdd(tf, n);
    return tf.withControlDependencies(List.of(addTotal, addCount)).noOp();
  }

  /** Refused, as in Keras: a Mean takes values ({@link #updateState(Ops, Operand, Operand)}), not labels and predictions. */
  @Override
  public Op updateState(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Operand<TFloat32> sampleWeight) {
    throw new IllegalArgumentException(getClass().getSimpleName() + " `" + name() + "` takes values (update_state(values,"
        + " sample_weight)), not (y_true, y_pred): to average a function of the labels and predictions, use a"
        + " MeanMetricWrapper.");
  }

  @Override
  public Operand<TFloat32> result(Ops tf) {
    return tf.math.divNoNan(total.read(tf), count.read(tf));
  }

  /** Keras's {@code update_state(values)} on an array. */
  public void updateState(FloatNdArray values) {
    updateState(values, (FloatNdArray) null);
  }

  /** Keras's {@code update_state(values, sample_weight)} on arrays (positional as in Keras: values, then weights). */
  @Override
  public void updateState(FloatNdArray values, FloatNdArray sampleWeight) {
    MetricRunner.update(this, values.shape(), values.shape(), tf -> updateState(tf, MetricRunner.constant(tf, values),
        MetricRunner.constant(tf, sampleWeight)));
  }

  /** Keras's {@code from_config}. */
  public static Mean fromConfig(Map<String, Object> config) {
    return withName(new Mean(), readConfig("Mean", config));
  }
}
