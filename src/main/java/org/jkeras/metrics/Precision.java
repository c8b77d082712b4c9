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
 * Keras's {@code Precision(thresholds=None, top_k=None, class_id=None)} ({@code "precision"}): true
 * positives over predicted positives, counted over every sample seen, a prediction being positive
 * when strictly above the threshold (0.5 by default). With several thresholds the result is a
 * vector, one precision per threshold. {@code topK} keeps only each sample's k largest
 * predictions; {@code classId} counts one class of a multi-class output.
 */
public class Precision extends Metric {
  private Object thresholds;
  private Integer topK;
  private Integer classId;
  private double[] values;
  private KerasVariable truePositives;
  private KerasVariable falsePositives;

  public Precision() {}

  /** Keras's {@code Precision(thresholds)}. */
  public Precision(double... thresholds) {
    thresholds(thresholds);
  }

  public Precision thresholds(double... thresholds) {
    this.thresholds = Thresholds.given(thresholds);
    return this;
  }

  public Precision topK(int topK) {
    this.topK = topK;
    return this;
  }

  public Precision classId(int classId) {
    this.classId = classId;
    return this;
  }

  @Override
  protected void build(Shape yTrueShape, Shape yPredShape) {
    values = Thresholds.values(thresholds, topK == null ? 0.5 : ConfusionCounts.NEG_INF);
    truePositives = addVariable("true_positives", Shape.of(values.length));
    falsePositives = addVariable("false_positives", Shape.of(values.length));
  }

  @Override
  public Op updateState(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Operand<TFloat32> sampleWeight) {
    return ConfusionCounts.update(tf, new ConfusionCounts.Update(truePositives, falsePositives, null, null, values,
        ConfusionCounts.evenlyDistributed(values), topK, classId, false, null), yTrue, yPred, sampleWeight);
  }

  @Override
  public Operand<TFloat32> result(Ops tf) {
    Operand<TFloat32> tp = truePositives.read(tf);
    return first(tf, tf.math.divNoNan(tp, tf.math.add(tp, falsePositives.read(tf))), values.length);
  }

  /** Keras's {@code result[0]} for one threshold: a scalar; the vector otherwise. */
  static Operand<TFloat32> first(Ops tf, Operand<TFloat32> r, int n) {
    return n == 1 ? tf.reshape(r, tf.constant(new int[0])) : r;
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
  public static Precision fromConfig(Map<String, Object> config) {
    Config c = readConfig("Precision", config);
    Precision p = new Precision();
    p.thresholds = Thresholds.read(c);
    p.topK = c.has("top_k") ? c.getInt("top_k") : null;
    p.classId = c.has("class_id") ? c.getInt("class_id") : null;
    return withName(p, c);
  }
}
