package org.jkeras.metrics;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.loss;
import static org.jkeras.Kwargs.metrics;
import static org.jkeras.Kwargs.optimizer;
import static org.jkeras.Kwargs.verbose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.jkeras.TestUtil;
import org.jkeras.backend.KerasVariable;
import org.jkeras.layers.Dense;
import org.jkeras.models.Sequential;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Metrics on arrays keep their state between calls, as Keras's: update, update, result; reset. */
class MetricStateTest {

  private static FloatNdArray column(float... v) {
    FloatNdArray a = NdArrays.ofFloats(Shape.of(v.length, 1));
    for (int i = 0; i < v.length; i++) {
      a.setFloat(v[i], i, 0);
    }
    return a;
  }

  @Test
  void stateIsMergedAcrossUpdatesAndReset() {
    // positives scored 0.7, 0.4, 0.9; negatives 0.1, 0.6, 0.3: 8 of the 9 pairs ordered, ROC AUC 8/9
    AUC auc = new AUC();
    auc.updateState(column(0, 1, 1, 0), column(0.1f, 0.7f, 0.4f, 0.6f));
    assertEquals(0.75, auc.result().getFloat(), 1e-6, "after the first batch");
    auc.updateState(column(1, 0), column(0.9f, 0.3f));
    assertEquals(8 / 9.0, auc.result().getFloat(), 1e-6, "after the second batch");
    auc.resetState();
    assertEquals(0, auc.result().getFloat());
    assertEquals(1.0, auc.call(column(1, 0), column(0.9f, 0.3f)), 1e-6);
  }

  @Test
  void precisionRecallWithWeightsAndThresholds() {
    Precision p = new Precision(0.3, 0.6);
    Recall r = new Recall();
    FloatNdArray y = column(1, 0, 1, 1);
    FloatNdArray s = column(0.5f, 0.4f, 0.8f, 0.2f);
    FloatNdArray w = NdArrays.vectorOf(1f, 2f, 1f, 4f);
    p.updateState(y, s, w);
    r.updateState(y, s, w);
    // above 0.3: samples 0, 1, 2 (tp 1 + 1, fp 2); above 0.6: sample 2 (tp 1)
    assertArrayEquals(new float[] {0.5f, 1f}, TestUtil.flat(p.result()), 1e-6f);
    // above 0.5 (strictly): sample 2 of the positives 0, 2, 3: recall 1 / (1 + 1 + 4)
    assertEquals(1 / 6.0, r.result().getFloat(), 1e-6);
  }

  @Test
  void f1WithoutAveragingIsAVector() {
    F1Score f1 = new F1Score();
    FloatNdArray y = TestUtil.array(new float[] {1, 0}, new float[] {0, 1}, new float[] {0, 1});
    FloatNdArray p = TestUtil.array(new float[] {0.9f, 0.1f}, new float[] {0.6f, 0.4f}, new float[] {0.2f, 0.8f});
    f1.updateState(y, p);
    float[] scores = TestUtil.flat(f1.result());
    // class 0: tp 1, fp 1 (P 0.5, R 1); class 1: tp 1, fn 1 (P 1, R 0.5): F1 2/3 each
    assertArrayEquals(new float[] {2 / 3f, 2 / 3f}, scores, 1e-6f);
    var e = assertThrows(IllegalStateException.class, () -> f1.call(y, p));
    assertTrue(e.getMessage().contains("use result()"), e.getMessage());
  }

  @Test
  void meanTakesValuesAndWeights() {
    Mean m = new Mean();
    m.updateState(NdArrays.vectorOf(1f, 3f), NdArrays.vectorOf(1f, 3f));
    m.updateState(NdArrays.vectorOf(5f));
    assertEquals((1 + 9 + 5) / 5.0, m.result().getFloat(), 1e-6);
    Sum s = new Sum();
    s.updateState(TestUtil.array(new float[] {1, 2}, new float[] {3, 4}), NdArrays.vectorOf(2f, 0f));
    assertEquals(2 * (1 + 2), s.result().getFloat(), 1e-6);
    try (Sequential model = new Sequential(new Dense(1).inputShape(2))) {
      model.compile(optimizer("sgd"), loss("mse"), metrics(List.of(new Mean())));
      var e = assertThrows(IllegalArgumentException.class, () -> model.evaluate(NdArrays.ofFloats(Shape.of(2, 2)),
          NdArrays.ofFloats(Shape.of(2, 1)), verbose(0)));
      assertTrue(e.getMessage().contains("takes values") && e.getMessage().contains("MeanMetricWrapper"), e.getMessage());
    }
  }

  @Test
  void aMetricIsRenamedOnlyBeforeItsStateExists() {
    AUC auc = new AUC();
    auc.name("roc");
    auc.updateState(column(1, 0), column(0.9f, 0.3f));
    assertEquals("roc/true_positives", auc.variables().get(0).path());
    var e = assertThrows(IllegalStateException.class, () -> auc.name("other"));
    assertTrue(e.getMessage().contains("after its state was created"), e.getMessage());
  }

  /** The Javadoc's user-written metric: state in a variable, updated in fit over every batch. */
  static class TruePositives extends Metric {
    private final KerasVariable count;

    TruePositives() {
      super("true_positives");
      count = addVariable("count", Shape.scalar());
    }

    @Override
    public Op updateState(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Operand<TFloat32> w) {
      Operand<TFloat32> hit = tf.math.mul(yTrue, tf.dtypes.cast(tf.math.greater(yPred, tf.constant(0.5f)), TFloat32.class));
      return count.assignAdd(tf, tf.reduceSum(hit, tf.constant(new int[] {0, 1})));
    }

    @Override
    public Operand<TFloat32> result(Ops tf) {
      return count.read(tf);
    }
  }

  @Test
  void aUserMetricCountsOverEveryBatch() {
    FloatNdArray x = column(1, -1, 2, 3, -2);
    FloatNdArray y = column(1, 1, 0, 1, 0);
    try (Sequential model = new Sequential(new Dense(1).kernelInitializer("ones").activation("sigmoid").inputShape(1))) {
      model.compile(optimizer("sgd"), loss("binary_crossentropy"), metrics(List.of(new TruePositives())));
      Map<String, Double> e = model.evaluate(x, y, batchSize(2), verbose(0));
      // predictions above 0.5 for x > 0: samples 0, 2, 3, of which 0 and 3 are positive
      assertEquals(2.0, e.get("true_positives"));
    }
  }
}
