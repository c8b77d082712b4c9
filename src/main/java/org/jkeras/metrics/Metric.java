package org.jkeras.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.Eager;
import org.jkeras.backend.GraphContext;
import org.jkeras.backend.InitialValue;
import org.jkeras.backend.KerasVariable;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.Result;
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
 * in Keras. A user writes a metric (F1, AUC...) the same way:
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
 */
public abstract class Metric {
  private final String name;
  private final List<KerasVariable> variables = new ArrayList<>();
  private boolean built;

  protected Metric(String name) {
    this.name = name;
  }

  /** The name in logs and history ({@code accuracy}, {@code auc}...). */
  public String name() {
    return name;
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
    KerasVariable v = new KerasVariable(name + "/" + variableName, shape, initializer, false);
    variables.add(v);
    return v;
  }

  /** The state variables, in creation order. */
  public List<KerasVariable> variables() {
    return Collections.unmodifiableList(variables);
  }

  /**
   * Creates the state a metric needs for labels and predictions of these shapes (batch -1), as
   * Keras builds a metric on its first update (F1's per-class counts...). Metrics whose state has a
   * fixed shape create it in their constructor and need not override this.
   */
  protected void build(Shape yTrueShape, Shape yPredShape) {}

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

  /** Keras's {@code result()}: the value, read from the state after {@code tf}'s control dependencies. */
  public abstract Operand<TFloat32> result(Ops tf);

  /** Keras's {@code reset_state()}: every state variable back to zero. */
  public void resetState() {
    for (KerasVariable v : variables) {
      v.assign(NdArrays.ofFloats(v.shape()));
    }
  }

  // ---------------------------------------------------------------- eager use

  /**
   * Keras's {@code metric(y_true, y_pred)} on arrays: from a fresh state, one update, the result.
   * The metric's state is reset afterwards.
   */
  public float call(FloatNdArray yTrue, FloatNdArray yPred) {
    resetState();
    try (GraphContext ctx = new GraphContext()) {
      Ops tf = ctx.tf();
      Operand<TFloat32> t = Eager.constant(tf, yTrue);
      Operand<TFloat32> p = Eager.constant(tf, yPred);
      materialize(ctx, Shape.of(-1).append(yTrue.shape().tail()), Shape.of(-1).append(yPred.shape().tail()));
      Op update = updateState(tf, t, p, null);
      Operand<TFloat32> r = result(tf.withControlDependencies(List.of(update)));
      try (Result res = ctx.runner().fetch(r).run()) {
        return ((TFloat32) res.get(0)).getFloat();
      }
    } finally {
      resetState();
    }
  }

  // ---------------------------------------------------------------- config

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

  /** The same metric under another name (Keras keeps the string given to {@code compile}), with a fresh state. */
  public abstract Metric withName(String name);

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + name + ")";
  }
}
