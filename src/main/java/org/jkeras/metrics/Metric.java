package org.jkeras.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.GraphContext;
import org.jkeras.backend.InitialValue;
import org.jkeras.backend.KerasVariable;
import org.jkeras.backend.Names;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras 3's stateful metric: its state is variables ({@link #addVariable}), {@link #updateState}
 * folds a batch into them, {@link #result} computes the value from them, {@link #resetState} sets
 * them back to zero. In {@code fit} and {@code evaluate} the state lives in the model's graph, is
 * updated with each step and reset at each epoch, so the logged value covers every batch seen, as
 * in Keras. Outside a model, {@link #updateState(FloatNdArray, FloatNdArray, FloatNdArray)} and
 * {@link #result()} work on arrays and keep the state between calls, as Keras's eager metrics do.
 *
 * <p>A user writes a metric (F1, AUC...) the same way; state whose shape depends on the data is
 * created in {@link #build}:
 *
 * <pre>{@code
 * class TruePositives extends Metric {
 *   private KerasVariable count;
 *   TruePositives() { super("true_positives"); count = addVariable("count", Shape.scalar()); }
 *   public Op updateState(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Operand<TFloat32> w) {
 *     Operand<TFloat32> hit = tf.math.mul(yTrue, tf.dtypes.cast(tf.math.greater(yPred, tf.constant(0.5f)), TFloat32.class));
 *     return count.assignAdd(tf, tf.reduceSum(hit, tf.constant(new int[] {0, 1})));
 *   }
 *   public Operand<TFloat32> result(Ops tf) { return count.read(tf); }
 * }
 * }</pre>
 *
 * <p>A result may be a vector (Precision at several thresholds, F1Score without averaging): in the
 * logs of {@code fit} and {@code evaluate} jkeras then gives one value per element, {@code
 * f1_score[0]}, {@code f1_score[1]}..., where Keras logs one array.
 */
public abstract class Metric {
  private String name;
  private final List<KerasVariable> variables = new ArrayList<>();
  private boolean built;

  /** A metric named automatically from its class ({@code AUC}: {@code auc}, then {@code auc_1}...), as Keras. */
  protected Metric() {}

  protected Metric(String name) {
    this.name = name;
  }

  /** The name in logs and history ({@code accuracy}, {@code auc}...). */
  public String name() {
    if (name == null) {
      name = Names.unique(Names.snakeCase(getClass().getSimpleName()));
    }
    return name;
  }

  /** Keras's {@code name=} argument; only before the state exists (its variables are named after the metric). */
  public Metric name(String name) {
    if (name == null || name.isEmpty() || name.contains("/")) {
      throw new IllegalArgumentException(
          "Received an invalid value for `name`: expected a non-empty string without '/'. Received: name=" + name);
    }
    if (!variables.isEmpty()) {
      throw new IllegalStateException("Cannot rename metric `" + name() + "` after its state was created.");
    }
    this.name = name;
    return this;
  }

  /**
   * Keras's {@code _direction}: {@code "up"} when a larger value is better (accuracy, AUC), {@code
   * "down"} when smaller is (errors), null when unknown; callbacks in mode {@code "auto"} read it.
   */
  public String direction() {
    return null;
  }

  // ---------------------------------------------------------------- state

  /** Keras's {@code add_variable}: a float32 state variable, zero at first. */
  protected KerasVariable addVariable(String variableName, Shape shape) {
    return addVariable(variableName, shape, (tf, s) -> tf.zeros(tf.constant(s), TFloat32.class));
  }

  /** A state variable with another initial value. */
  protected KerasVariable addVariable(String variableName, Shape shape, InitialValue initializer) {
    KerasVariable v = new KerasVariable(name() + "/" + variableName, shape, initializer, false);
    variables.add(v);
    return v;
  }

  /** The state variables, in creation order. */
  public List<KerasVariable> variables() {
    return Collections.unmodifiableList(variables);
  }

  /**
   * Creates the state a metric needs for labels and predictions of these shapes (batch -1; both
   * null when {@link #result()} is asked before any update), as Keras builds a metric on its first
   * update (F1's per-class counts...). Metrics whose state has a fixed shape may create it in
   * their constructor instead.
   */
  protected void build(Shape yTrueShape, Shape yPredShape) {}

  /** Whether {@link #build} has run. */
  public boolean built() {
    return built;
  }

  /** Builds once, then puts the state in {@code ctx}'s graph (carrying over its current value). */
  public final void materialize(GraphContext ctx, Shape yTrueShape, Shape yPredShape) {
    if (!built) {
      build(yTrueShape, yPredShape);
      built = true;
    }
    for (KerasVariable v : variables) {
      v.materialize(ctx);
    }
  }

  /**
   * Keras's {@code update_state(y_true, y_pred, sample_weight)}: the op that folds one batch into
   * the state ({@code sampleWeight} is null when there are none).
   */
  public abstract Op updateState(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Operand<TFloat32> sampleWeight);

  /** Keras's {@code result()}: the value (a scalar, or a vector for some metrics), read from the state after {@code tf}'s control dependencies. */
  public abstract Operand<TFloat32> result(Ops tf);

  /** Keras's {@code reset_state()}: every state variable back to zero. */
  public void resetState() {
    for (KerasVariable v : variables) {
      v.assign(NdArrays.ofFloats(v.shape()));
    }
  }

  // ---------------------------------------------------------------- eager use

  /** Keras's {@code metric.update_state(y_true, y_pred)} on arrays. */
  public void updateState(FloatNdArray yTrue, FloatNdArray yPred) {
    updateState(yTrue, yPred, null);
  }

  /** Keras's {@code metric.update_state(y_true, y_pred, sample_weight)} on arrays ({@code sampleWeight} may be null). */
  public void updateState(FloatNdArray yTrue, FloatNdArray yPred, FloatNdArray sampleWeight) {
    MetricRunner.update(this, yTrue.shape(), yPred.shape(), tf -> updateState(tf, MetricRunner.constant(tf, yTrue),
        MetricRunner.constant(tf, yPred), MetricRunner.constant(tf, sampleWeight)));
  }

  /** Keras's {@code metric.result()} on the current state: a scalar array, or a vector. */
  public FloatNdArray result() {
    return MetricRunner.result(this);
  }

  /** Keras's {@code metric(y_true, y_pred)}: one update, then the result (a number; the state is kept). */
  public float call(FloatNdArray yTrue, FloatNdArray yPred) {
    updateState(yTrue, yPred);
    FloatNdArray r = result();
    if (r.rank() != 0) {
      throw new IllegalStateException("Metric `" + name() + "` gives " + r.shape() + " values, not one number: use result().");
    }
    return r.getFloat();
  }

  // ---------------------------------------------------------------- config

  /** Keras's {@code get_config()}: the name and the dtype (float32). */
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name());
    c.put("dtype", "float32");
    return c;
  }

  /** The config of {@code className} for its {@code fromConfig}; jkeras metrics compute in float32 only. */
  protected static Config readConfig(String className, Map<String, Object> config) {
    Config c = Config.of(className, config);
    c.requireDefault("dtype", "float32");
    return c;
  }

  /** {@code metric} with the name of {@code c} when it has one (Keras's {@code cls(**config)}). */
  protected static <M extends Metric> M withName(M metric, Config c) {
    if (c.has("name")) {
      metric.name(c.getString("name"));
    }
    return metric;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + name() + ")";
  }
}
