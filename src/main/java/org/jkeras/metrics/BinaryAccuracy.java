package org.jkeras.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.losses.Loss;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras's {@code BinaryAccuracy(threshold=0.5)}: {@code y_pred > threshold} (strictly) equals {@code y_true}. */
public class BinaryAccuracy extends MeanMetricWrapper {
  private final float threshold;

  public BinaryAccuracy() {
    this("binary_accuracy", 0.5f);
  }

  public BinaryAccuracy(String name, float threshold) {
    super(name);
    this.threshold = threshold;
  }

  @Override
  public Operand<TFloat32> values(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    Operand<TFloat32> t = Loss.matchRank(tf, yTrue, yPred);
    Operand<TFloat32> p = tf.dtypes.cast(tf.math.greater(yPred, tf.constant(threshold)), TFloat32.class);
    Operand<TFloat32> eq = tf.dtypes.cast(tf.math.equal(t, p), TFloat32.class);
    return tf.math.mean(eq, tf.constant(-1));
  }

  @Override
  public String direction() {
    return "up";
  }


  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("threshold", Double.parseDouble(Float.toString(threshold))); // 0.3f as 0.3
    return c;
  }

  /** Keras's {@code from_config}. */
  public static BinaryAccuracy fromConfig(Map<String, Object> config) {
    Config c = readConfig("BinaryAccuracy", config);
    return new BinaryAccuracy(c.getString("name", "binary_accuracy"), (float) c.getDouble("threshold", 0.5));
  }
}
