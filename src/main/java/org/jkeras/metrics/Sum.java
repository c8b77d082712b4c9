package org.jkeras.metrics;

import java.util.Map;
import org.jkeras.backend.KerasVariable;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code Sum} ({@code "sum"}): the weighted sum of every value given to {@code
 * update_state(values, sample_weight)}. As {@link Mean}, it takes values, not labels and predictions.
 */
public class Sum extends Metric {
  private KerasVariable total;

  public Sum() {
    this("sum");
  }

  public Sum(String name) {
    super(name);
  }

  @Override
  protected void build(Shape yTrueShape, Shape yPredShape) {
    total = addVariable("total", Shape.scalar());
  }

  /** Keras's {@code update_state(values, sample_weight)} ({@code sampleWeight} may be null). */
  public Op updateState(Ops tf, Operand<TFloat32> values, Operand<TFloat32> sampleWeight) {
    SampleValues s = SampleValues.of(tf, values, sampleWeight, true);
    return total.assignAdd(tf, tf.reduceSum(s.values(), SampleValues.allAxes(tf, s.values())));
  }

  /** Refused, as in Keras: a Sum takes values, not labels and predictions. */
  @Override
  public Op updateState(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Operand<TFloat32> sampleWeight) {
    throw new IllegalArgumentException("Sum `" + name() + "` takes values (update_state(values, sample_weight)), not"
        + " (y_true, y_pred).");
  }

  @Override
  public Operand<TFloat32> result(Ops tf) {
    return total.read(tf);
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
  public static Sum fromConfig(Map<String, Object> config) {
    return withName(new Sum(), readConfig("Sum", config));
  }
}
