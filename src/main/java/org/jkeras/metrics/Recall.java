package org.jkeras.metrics;

import java.util.Map;
import org.jkeras.backend.KerasVariable;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code Recall(thresholds=None, top_k=None, class_id=None)} ({@code "recall"}): true
 * positives over actual positives (true positives and false negatives), counted over every sample seen, a prediction being positive
 * when strictly above the threshold (0.5 by default). With several thresholds the result is a
 * vector, one recall per threshold. {@code topK} keeps only each sample's k largest
 * predictions; {@code classId} counts one class of a multi-class output.
 */
public class Recall extends Metric {
  private Object thresholds;
  private Integer topK;
  private Integer classId;
  private double[] values;
  private KerasVariable truePositives;
  private KerasVariable falseNegatives;

  public Recall() {}

  /** Keras's {@code Recall(thresholds)}. */
  public Recall(double... thresholds) {
    thresholds(thresholds);
  }

  public Recall thresholds(double... thresholds) {
    this.thresholds = Thresholds.given(thresholds);
    return this;
  }

  public Recall topK(int topK) {
    this.topK = topK;
    return this;
  }

  public Recall classId(int classId) {
    this.classId = classId;
    return this;
  }

  @Override
  protected void build(Shape yTrueShape, Shape yPredShape) {
    values = Thresholds.values(thresholds, topK == null ? 0.5 : ConfusionCounts.NEG_INF);
    truePositives = addVariable("true_positives", Shape.of(values.length));
    falseNegatives = addVariable("false_negatives", Shape.of(values.length));
  }

  @Override
  public Op updateState(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Operand<TFloat32> sampleWeight) {
    return ConfusionCounts.update(tf, new ConfusionCounts.Update(truePositives, null, null, falseNegatives, values,
        ConfusionCounts.evenlyDistributed(values), topK, classId, false, null), yTrue, yPred, sampleWeight);
  }

  @Override
  public Operand<TFloat32> result(Ops tf) {
    Operand<TFloat32> tp = truePositives.read(tf);
    return Precision.first(tf, tf.math.divNoNan(tp, tf.math.add(tp, falseNegatives.read(tf))), values.length);
  }

  @Override
  public String direction() {
    return "up";
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("thresholds", thresholds);
    c.put("top_k", topK);
    c.put("class_id", classId);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static Recall fromConfig(Map<String, Object> config) {
    Config c = readConfig("Recall", config);
    Recall r = new Recall();
    r.thresholds = Thresholds.read(c);
    r.topK = c.has("top_k") ? c.getInt("top_k") : null;
    r.classId = c.has("class_id") ? c.getInt("class_id") : null;
    return withName(r, c);
  }
}
