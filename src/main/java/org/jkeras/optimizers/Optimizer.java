package org.jkeras.optimizers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.GraphContext;
import org.jkeras.backend.KerasVariable;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Keras 3's optimizer: {@link #build} creates the slot variables for the trainable weights,
 * {@link #updateStep} is one weight's update rule, and {@link #applyGradients} runs them all then
 * increments {@code iterations}.
 *
 * <p>The state (iterations, learning rate, slots) lives in the model's graph next to the weights,
 * as TF variables, so it is saved with the model and never leaves the graph while training.
 */
public abstract class Optimizer {
  private final String name;
  private double learningRate;
  private GraphContext context;
  private Variable<TInt64> iterations;
  private Variable<TFloat32> learningRateVar;
  private Placeholder<TFloat32> learningRateInput;
  private Op learningRateAssign;
  private final List<Variable<TFloat32>> slots = new ArrayList<>();
  private Ops tf;

  protected Optimizer(String name, double learningRate) {
    if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException(
          "Argument `learning_rate` should be a non-negative finite float. Received: learning_rate=" + learningRate);
    }
    this.name = name;
    this.learningRate = learningRate;
  }

  public String name() {
    return name;
  }

  /** The learning rate in force (the value set, or the variable's value once training has begun). */
  public double learningRate() {
    if (learningRateVar != null && context != null && !context.isClosed()) {
      try (TFloat32 t = (TFloat32) context.runner().fetch(learningRateVar).run().get(0)) {
        return t.getFloat();
      }
    }
    return learningRate;
  }

  /** Keras's {@code optimizer.learning_rate = value}; takes effect at the next step. */
  public void setLearningRate(double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          "Argument `learning_rate` should be a non-negative finite float. Received: learning_rate=" + value);
    }
    this.learningRate = value;
    if (learningRateVar != null && context != null && !context.isClosed()) {
      try (TFloat32 t = TFloat32.scalarOf((float) value)) {
        context.runner().feed(learningRateInput, t).addTarget(learningRateAssign).run();
      }
    }
  }

  /** Keras's {@code optimizer.iterations}: steps applied so far. */
  public long iterations() {
    if (iterations == null || context == null || context.isClosed()) {
      return 0;
    }
    try (TInt64 t = (TInt64) context.runner().fetch(iterations).run().get(0)) {
      return t.getLong();
    }
  }

  /** True once the slot variables exist (after the first training graph was built). */
  public boolean built() {
    return iterations != null && context != null && !context.isClosed();
  }

  /** The number of values the optimizer keeps (iterations, learning rate, slots), as Keras's summary counts. */
  public long countParams() {
    if (!built()) {
      return 0;
    }
    long n = 2;
    for (Variable<TFloat32> s : slots) {
      n += s.shape().size();
    }
    return n;
  }

  /** Bytes of that state (iterations is an int64). */
  public long stateBytes() {
    return built() ? 8 + (countParams() - 1) * 4 : 0;
  }

  /** Forgets graph state (the model's graph was rebuilt or closed). */
  public void reset() {
    context = null;
    iterations = null;
    learningRateVar = null;
    slots.clear();
  }

  /**
   * Builds the update of {@code vars} by {@code grads} into the graph of {@code ctx}; the returned
   * op applies every update, then increments {@code iterations}.
   */
  public Op applyGradients(GraphContext ctx, List<Operand<TFloat32>> grads, List<KerasVariable> vars) {
    if (context != ctx) {
      reset();
      context = ctx;
      tf = ctx.tf().withSubScope(name);
      iterations = tf.withName("iteration").variable(tf.withInitScope().constant(0L));
      learningRateVar = tf.withName("learning_rate").variable(tf.withInitScope().constant((float) learningRate));
      learningRateInput = tf.withName("learning_rate_value").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      learningRateAssign = tf.withName("learning_rate_assign").assign(learningRateVar, learningRateInput);
    }
    Ops t = ctx.tf().withSubScope(name);
    Operand<TFloat32> localStep = t.dtypes.cast(t.math.add(iterations, t.constant(1L)), TFloat32.class);
    Operand<TFloat32> lr = currentLearningRate(t, learningRateVar, iterations);
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < vars.size(); i++) {
      Operand<TFloat32> g = grads.get(i);
      if (g == null) {
        continue;
      }
      updates.add(updateStep(t, g, vars.get(i), lr, localStep));
    }
    Op done = t.withControlDependencies(updates).withName("increment").assignAdd(iterations, t.constant(1L));
    return done;
  }

  /** The learning rate for this step; a schedule overrides this. */
  protected Operand<TFloat32> currentLearningRate(Ops tf, Operand<TFloat32> variable, Operand<TInt64> iterations) {
    return variable;
  }

  /** A zero-initialised slot variable shaped like {@code var}, e.g. Adam's {@code momentum}. */
  protected Variable<TFloat32> addSlot(Ops tf, KerasVariable var, String slotName) {
    String n = var.graphName().replace('/', '_').replace('-', '_') + "_" + slotName;
    Variable<TFloat32> slot = tf.withName(n).variable(tf.withInitScope().zeros(
        tf.withInitScope().constant(var.shape().asArray()), TFloat32.class));
    slots.add(slot);
    return slot;
  }

  /** One weight's update for gradient {@code grad}; {@code localStep} is iterations + 1. */
  protected abstract Op updateStep(Ops tf, Operand<TFloat32> grad, KerasVariable var, Operand<TFloat32> lr,
      Operand<TFloat32> localStep);

  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name);
    c.put("learning_rate", learningRate);
    return c;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + getConfig();
  }
}
