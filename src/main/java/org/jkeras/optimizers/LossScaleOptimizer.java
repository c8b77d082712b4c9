package org.jkeras.optimizers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.GraphContext;
import org.jkeras.backend.KerasVariable;
import org.jkeras.optimizers.schedules.LearningRateSchedule;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.ReduceAll;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * Keras's {@code LossScaleOptimizer(inner_optimizer, initial_scale=2**15, dynamic_growth_steps=2000)}:
 * dynamic loss scaling for float16 training, whose small gradients would underflow. The trainer
 * differentiates the loss times the current scale ({@link #scaleLoss}); each step divides the
 * gradients by the scale, then, if all of them are finite, applies them with the inner optimizer and
 * doubles the scale after {@code dynamic_growth_steps} such steps in a row; else it skips the step
 * (the weights, the inner optimizer's state and its iterations unchanged) and halves the scale.
 * {@code compile} wraps the optimizer in one when the model's policy is {@code "mixed_float16"}, as
 * Keras's {@code auto_scale_loss=True}.
 *
 * <p>The skipped step is TF1's cond ({@link GraphCond}): the unscaled gradients pass through a
 * {@code Switch} on the finiteness test, so on a non-finite step every op of the inner update
 * receives a dead tensor and does not run. Iterations, learning rate and slots are the inner
 * optimizer's; a saved state holds the step counter and the scale too, as Keras's.
 */
public class LossScaleOptimizer extends Optimizer {
  private final Optimizer inner;
  private final double initialScale;
  private final int dynamicGrowthSteps;
  private GraphContext context;
  /** The resource variables, and the graph's read of each (shared by the step: one value per step). */
  private Operand<? extends TType> dynamicScaleHandle;
  private Operand<? extends TType> stepCounterHandle;
  private Operand<TFloat32> dynamicScale;
  private Operand<TInt64> stepCounter;
  private Placeholder<TInt64> stepCounterInput;
  private Placeholder<TFloat32> dynamicScaleInput;
  private Op stateAssign;

  public LossScaleOptimizer(Optimizer inner) {
    this(inner, 32768.0, 2000);
  }

  public LossScaleOptimizer(Optimizer inner, double initialScale, int dynamicGrowthSteps) {
    super("loss_scale_optimizer", 0.0);
    if (inner == null || inner instanceof LossScaleOptimizer) {
      throw new IllegalArgumentException("Received an invalid value for `inner_optimizer`: expected an optimizer that is"
          + " not a LossScaleOptimizer. Received: inner_optimizer=" + inner);
    }
    if (!(initialScale > 0) || Double.isInfinite(initialScale)) {
      throw new IllegalArgumentException("Received an invalid value for `initial_scale`, expected a positive number."
          + " Received: initial_scale=" + initialScale);
    }
    if (dynamicGrowthSteps <= 0) {
      throw new IllegalArgumentException("Received an invalid value for `dynamic_growth_steps`, expected a positive"
          + " integer. Received: dynamic_growth_steps=" + dynamicGrowthSteps);
    }
    this.inner = inner;
    this.initialScale = initialScale;
    this.dynamicGrowthSteps = dynamicGrowthSteps;
  }

  public Optimizer innerOptimizer() {
    return inner;
  }

  public double initialScale() {
    return initialScale;
  }

  public int dynamicGrowthSteps() {
    return dynamicGrowthSteps;
  }

  /** Keras's {@code dynamic_scale}: the current loss scale (the initial one before the first step). */
  public double dynamicScale() {
    if (!built()) {
      return initialScale;
    }
    try (TFloat32 t = (TFloat32) context.runner().fetch(dynamicScale).run().get(0)) {
      return t.getFloat();
    }
  }

  private void ensureVariables(GraphContext ctx) {
    if (context == ctx && !ctx.isClosed()) {
      return;
    }
    context = ctx;
    Ops t = ctx.tf().withSubScope(name());
    float initial = (float) initialScale;
    dynamicScaleHandle = ctx.stateVariable(name() + "/dynamic_scale", TFloat32.class, Shape.scalar(),
        init -> init.constant(initial));
    stepCounterHandle = ctx.stateVariable(name() + "/step_counter", TInt64.class, Shape.scalar(), init -> init.constant(0L));
    dynamicScale = t.withName("dynamic_scale_read").readVariableOp(dynamicScaleHandle, TFloat32.class);
    stepCounter = t.withName("step_counter_read").readVariableOp(stepCounterHandle, TInt64.class);
    stepCounterInput = t.withName("step_counter_value").placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
    dynamicScaleInput = t.withName("dynamic_scale_value").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    stateAssign = t.withName("loss_scale_assign").withControlDependencies(List.of(
        t.assignVariableOp(stepCounterHandle, stepCounterInput),
        t.assignVariableOp(dynamicScaleHandle, dynamicScaleInput))).noOp();
  }

  /**
   * Keras's {@code build(var_list)}: the step counter and the scale, then the inner optimizer's
   * variables (so that a loaded model's saved state has variables to go to).
   */
  @Override
  public void build(GraphContext ctx, List<KerasVariable> vars) {
    ensureVariables(ctx);
    inner.build(ctx, vars);
  }

  /** Keras's {@code step_counter}: the finite steps in a row since the scale last changed. */
  public long stepCounter() {
    if (!built()) {
      return 0;
    }
    try (TInt64 t = (TInt64) context.runner().fetch(stepCounter).run().get(0)) {
      return t.getLong();
    }
  }

  /** Sets {@link #stepCounter()} and {@link #dynamicScale()} (a saved state being loaded). */
  public void assignLossScaleState(long steps, double scale) {
    if (!built()) {
      throw new IllegalStateException("The LossScaleOptimizer is not built: build it (or train a step) first.");
    }
    if (steps < 0 || !(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("Expected step_counter >= 0 and a positive finite dynamic_scale. Received:"
          + " step_counter=" + steps + ", dynamic_scale=" + scale);
    }
    context.writeLater(stateAssign, Map.of(stepCounterInput, TInt64.scalarOf(steps), dynamicScaleInput,
        TFloat32.scalarOf((float) scale)), List.of(stepCounterHandle, dynamicScaleHandle));
  }

  /** Keras's {@code scale_loss(loss)}: {@code loss * dynamic_scale}, what the trainer differentiates. */
  @Override
  public Operand<TFloat32> scaleLoss(GraphContext ctx, Ops tf, Operand<TFloat32> loss) {
    ensureVariables(ctx);
    return tf.math.mul(loss, dynamicScale);
  }

  @Override
  public Op applyGradients(GraphContext ctx, List<Operand<TFloat32>> grads, List<KerasVariable> vars) {
    ensureVariables(ctx);
    Ops t = ctx.tf().withSubScope(name());
    // Keras's check_finite: every gradient all finite.
    Operand<TBool> finite = null;
    List<Operand<TFloat32>> unscaled = new ArrayList<>();
    for (Operand<TFloat32> g : grads) {
      if (g == null) {
        unscaled.add(null);
        continue;
      }
      Operand<TInt32> axes = t.range(t.constant(0), t.rank(g), t.constant(1));
      Operand<TBool> all = t.reduceAll(t.math.isFinite(g), axes, ReduceAll.keepDims(false));
      finite = finite == null ? all : t.math.logicalAnd(finite, all);
      unscaled.add(t.math.div(g, dynamicScale));
    }
    if (finite == null) {
      return inner.applyGradients(ctx, grads, vars);
    }
    long growth = dynamicGrowthSteps;
    return GraphCond.cond(t, finite, b -> {
      List<Operand<TFloat32>> alive = new ArrayList<>();
      for (Operand<TFloat32> g : unscaled) {
        alive.add(g == null ? null : b.in(g));
      }
      Op apply = inner.applyGradients(ctx, alive, vars);
      Ops after = b.after(List.of(apply));
      // Keras: after dynamic_growth_steps finite steps in a row the scale doubles and the count restarts.
      Operand<TBool> grow = after.math.equal(stepCounter, after.constant(growth - 1));
      Operand<TInt64> nextCount = after.select(grow, after.constant(0L), after.math.add(stepCounter, after.constant(1L)));
      Operand<TFloat32> nextScale = after.select(grow, after.math.mul(dynamicScale, after.constant(2f)), dynamicScale);
      return List.of(apply, after.assignVariableOp(stepCounterHandle, nextCount),
          after.assignVariableOp(dynamicScaleHandle, nextScale));
    }, b -> List.of(b.tf().assignVariableOp(stepCounterHandle, b.tf().constant(0L)),
        b.tf().assignVariableOp(dynamicScaleHandle, b.tf().math.mul(dynamicScale, b.tf().constant(0.5f)))));
  }

  @Override
  protected Op updateStep(Ops tf, Operand<TFloat32> grad, KerasVariable var, Operand<TFloat32> lr,
      Operand<TFloat32> localStep) {
    throw new UnsupportedOperationException("LossScaleOptimizer applies its inner optimizer's update step.");
  }

  // ---------------------------------------------------------------- the inner optimizer's state

  @Override
  public boolean built() {
    return inner.built() && context != null && !context.isClosed();
  }

  @Override
  public double learningRate() {
    return inner.learningRate();
  }

  @Override
  public void setLearningRate(double value) {
    inner.setLearningRate(value);
  }

  @Override
  public LearningRateSchedule schedule() {
    return inner.schedule();
  }

  @Override
  public long iterations() {
    return inner.iterations();
  }

  @Override
  public long iterationsVariableValue() {
    return inner.iterationsVariableValue();
  }

  @Override
  public void assignIterations(long value) {
    inner.assignIterations(value);
  }

  @Override
  public List<KerasVariable> optimizerVariables() {
    return inner.optimizerVariables();
  }

  @Override
  public long countParams() {
    return inner.countParams();
  }

  @Override
  public long stateBytes() {
    return inner.stateBytes();
  }

  @Override
  public void finalizeVariableValues() {
    inner.finalizeVariableValues();
  }

  @Override
  public void reset() {
    super.reset();
    inner.reset();
    context = null;
    dynamicScaleHandle = null;
    stepCounterHandle = null;
    dynamicScale = null;
    stepCounter = null;
    stepCounterInput = null;
    dynamicScaleInput = null;
    stateAssign = null;
  }

  // ---------------------------------------------------------------- config

  /** Keras's config: {@code name}, {@code inner_optimizer} (serialized), {@code initial_scale}, {@code dynamic_growth_steps}. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name());
    c.put("inner_optimizer", Config.serialize("keras.optimizers", inner.getClass().getSimpleName(), inner.getConfig()));
    c.put("initial_scale", initialScale);
    c.put("dynamic_growth_steps", dynamicGrowthSteps);
    return c;
  }

  /** Keras's {@code from_config}. */
  @SuppressWarnings("unchecked")
  public static LossScaleOptimizer fromConfig(Map<String, Object> config) {
    Config c = Config.of("LossScaleOptimizer", config);
    Map<String, Object> innerConfig = c.getMapOrNull("inner_optimizer");
    Optimizer inner = Optimizers.fromConfig((String) innerConfig.get("class_name"), (Map<String, Object>) innerConfig.get("config"));
    return new LossScaleOptimizer(inner, c.getDouble("initial_scale", 32768.0), c.getInt("dynamic_growth_steps", 2000));
  }
}
