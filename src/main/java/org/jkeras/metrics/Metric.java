package org.jkeras.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.backend.Eager;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A mean metric, like Keras's {@code MeanMetricWrapper}: {@link #values} gives one value per sample
 * in the graph; the trainer keeps the running total and count on the host, so the logged value is
 * the mean over every sample seen in the epoch.
 */
public abstract class Metric {
  private final String name;

  protected Metric(String name) {
    this.name = name;
  }

  /** The name in logs and history ({@code accuracy}, {@code binary_accuracy}...). */
  public String name() {
    return name;
  }

  /** Per-sample values, shape (batch,). */
  public abstract Operand<TFloat32> values(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred);

  /** Keras's {@code metric(y_true, y_pred)} on arrays (one update from fresh state): the mean of {@link #values}. */
  public float call(FloatNdArray yTrue, FloatNdArray yPred) {
    return Eager.scalar(tf -> tf.math.mean(values(tf, Eager.constant(tf, yTrue),
        Eager.constant(tf, yPred)), tf.constant(0)));
  }

  /** Keras's {@code get_config()}: the name and the dtype (float32). */
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name);
    c.put("dtype", "float32");
    return c;
  }

  /** The config of {@code className} for its {@code fromConfig}; jkeras metrics compute in float32 only. */
  protected static Config readConfig(String className, Map<String, Object> config) {
    Config c = Config.of(className, config);
    c.requireDefault("dtype", "float32");
    return c;
  }

  /** The same metric under another name (Keras keeps the string given to {@code compile}). */
  public abstract Metric withName(String name);

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + name + ")";
  }
}
