package org.jkeras.optimizers;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.GraphContext;
import org.jkeras.backend.KerasVariable;
import org.jkeras.initializers.Constant;
import org.jkeras.optimizers.schedules.LearningRateSchedule;
import org.jkeras.optimizers.schedules.Schedules;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.ReadVariableOp;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * Keras 3's optimizer: {@link #build} creates the optimizer's variables for the trainable weights
 * once, in Keras's order ({@link #addOptimizerVariables}), {@link #updateStep} is one weight's
 * update rule, and {@link #applyGradients} runs them all then increments {@code iterations}.
 *
 * <p>The state (iterations, learning rate, the variables) lives in the model's graph next to the
 * weights, as TF variables, and never leaves the graph while training; {@code save_weights} stores
 * it as Keras does ({@link #optimizerVariables}).
 *
 * <p>Keras's base arguments, set before the first {@code fit}: {@link #clipnorm}, {@link
 * #clipvalue}, {@link #globalClipnorm} (at most one of the three) and {@link #weightDecay}. As in
 * Keras, each step clips the gradients, then decays the weights ({@code w -= w * weight_decay *
 * lr}), then applies the update rule with the clipped gradients. The learning rate is a number (a
 * variable that {@link #setLearningRate} changes, as ReduceLROnPlateau does) or a {@link
 * LearningRateSchedule} evaluated from {@code iterations} at every step.
 *
 * <p>Keras's {@link #useEma} keeps an exponential moving average of each trainable weight, which
 * replaces the weights at the end of {@code fit} ({@link #finalizeVariableValues}), and every
 * {@link #emaOverwriteFrequency} steps if set. {@link #gradientAccumulationSteps} {@code n}
 * accumulates the gradients of {@code n} steps and applies their mean on every {@code n}-th step
 * (see {@link #applyGradients}).
 */
public abstract class Optimizer {
  private final String name;
  private double learningRate;
  private final LearningRateSchedule schedule;
  private Double weightDecay;
  private Double clipnorm;
  private Double clipvalue;
  private Double globalClipnorm;
  private boolean useEma;
  private double emaMomentum = 0.99;
  private Integer emaOverwriteFrequency;
  private Integer gradientAccumulationSteps;

  private GraphContext context;
  /** The {@code iterations} resource variable, and the graph's read of it (what the step and the host read). */
  private Operand<? extends TType> iterationsHandle;
  private ReadVariableOp<TInt64> iterations;
  private Placeholder<TInt64> iterationsInput;
  private Op iterationsAssign;
  private Operand<? extends TType> learningRateHandle;
  private Operand<TFloat32> learningRateVar;
  private Placeholder<TFloat32> learningRateInput;
  private Op learningRateAssign;
  private Operand<TFloat32> currentLearningRate;
  /** The weights the optimizer was built for, and each one's index (Keras's {@code _get_variable_index}). */
  private List<KerasVariable> trainableVariables = List.of();
  private final Map<KerasVariable, Integer> indices = new IdentityHashMap<>();
  /** Every variable after iterations and the learning rate, in creation order (Keras's {@code variables[2:]}). */
  private final List<KerasVariable> slots = new ArrayList<>();
  private List<KerasVariable> averages = List.of();
  private List<KerasVariable> accumulators = List.of();
  private Op finalizeOp;

  protected Optimizer(String name, double learningRate) {
    this(name, learningRate, null);
  }

  protected Optimizer(String name, LearningRateSchedule schedule) {
    this(name, Double.NaN, requireSchedule(schedule));
  }

  /** For subclasses with one private constructor: the schedule when not null, else the number. */
  protected Optimizer(String name, double learningRate, LearningRateSchedule schedule) {
    if (schedule == null) {
      checkLearningRate(learningRate);
    }
    this.name = name;
    this.schedule = schedule;
    this.learningRate = schedule == null ? learningRate : Double.NaN;
  }

  /** {@code schedule}, or a Keras-style error when it is null. */
  protected static LearningRateSchedule requireSchedule(LearningRateSchedule schedule) {
    if (schedule == null) {
      throw new IllegalArgumentException(
          "Argument `learning_rate` should be float, or an instance of LearningRateSchedule. Received instead: learning_rate=null");
    }
    return schedule;
  }

  /** Keras's checks for a rate such as beta_1 or rho: a float in [0, 1]. */
  protected static double unitInterval(String arg, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(
          "Argument `" + arg + "` must be a float between [0, 1]. Received: " + arg + "=" + value);
    }
    return value;
  }

  /** A non-negative finite float (epsilon, momentum...). */
  protected static double nonNegative(String arg, double value) {
    if (!Double.isFinite(value) || value < 0) {
      throw new IllegalArgumentException(
          "Argument `" + arg + "` must be a non-negative finite float. Received: " + arg + "=" + value);
    }
    return value;
  }

  private static void checkLearningRate(double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          "Argument `learning_rate` should be a non-negative finite float. Received: learning_rate=" + value);
    }
  }

  public String name() {
    return name;
  }

  // ---------------------------------------------------------------- Keras's base arguments

  /** Keras's {@code clipnorm}: each weight's gradient is rescaled so that its L2 norm is at most this. */
  public Optimizer clipnorm(double value) {
    clipnorm = clipArgument("clipnorm", value);
    return this;
  }

  /** Keras's {@code clipvalue}: each gradient element is clipped to [-value, value]. */
  public Optimizer clipvalue(double value) {
    clipvalue = clipArgument("clipvalue", value);
    return this;
  }

  /** Keras's {@code global_clipnorm}: all gradients are rescaled so that their joint L2 norm is at most this. */
  public Optimizer globalClipnorm(double value) {
    globalClipnorm = clipArgument("global_clipnorm", value);
    return this;
  }

  /** Keras's {@code weight_decay}: before each update, {@code w -= w * weight_decay * learning_rate}. */
  public Optimizer weightDecay(double value) {
    checkNotBuilt("weight_decay");
    if (!Double.isFinite(value) || value < 0) {
      throw new IllegalArgumentException(
          "Argument `weight_decay` must be a non-negative finite float. Received: weight_decay=" + value);
    }
    weightDecay = value;
    return this;
  }

  /**
   * Keras's {@code use_ema}: keeps an exponential moving average of each trainable weight
   * ({@code average = m * average + (1 - m) * w} after each step, {@code m = ema_momentum}, 0 at
   * the first step); {@code fit} ends by replacing the weights with their averages.
   */
  public Optimizer useEma(boolean value) {
    checkNotBuilt("use_ema");
    useEma = value;
    return this;
  }

  /** Keras's {@code ema_momentum} (0.99): the weight of the old average at each step. */
  public Optimizer emaMomentum(double value) {
    checkNotBuilt("ema_momentum");
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException("`ema_momentum` must be in the range [0, 1]. Received: ema_momentum=" + value);
    }
    emaMomentum = value;
    return this;
  }

  /**
   * Keras's {@code ema_overwrite_frequency}: with {@code use_ema}, the weights are also replaced by
   * their averages every this many steps; null (the default) only at the end of {@code fit}.
   */
  public Optimizer emaOverwriteFrequency(Integer value) {
    checkNotBuilt("ema_overwrite_frequency");
    if (value != null && value < 1) {
      throw new IllegalArgumentException(
          "`ema_overwrite_frequency` must be an integer >= 1 or None. Received: ema_overwrite_frequency=" + value);
    }
    emaOverwriteFrequency = value;
    return this;
  }

  /**
   * Keras's {@code gradient_accumulation_steps}: the weights are updated every this many steps,
   * with the mean of the gradients of those steps; null (the default) updates at every step.
   * {@link #iterations()} then counts updates, and a learning-rate schedule counts steps, as Keras.
   */
  public Optimizer gradientAccumulationSteps(Integer value) {
    checkNotBuilt("gradient_accumulation_steps");
    if (value != null && value < 2) {
      throw new IllegalArgumentException(
          "`gradient_accumulation_steps` must be an integer >= 2. Received: gradient_accumulation_steps=" + value);
    }
    gradientAccumulationSteps = value;
    return this;
  }

  private Double clipArgument(String arg, double value) {
    checkNotBuilt(arg);
    if (!Double.isFinite(value) || value <= 0) {
      throw new IllegalArgumentException(
          "Argument `" + arg + "` must be a positive finite float. Received: " + arg + "=" + value);
    }
    Map<String, Double> set = new LinkedHashMap<>();
    set.put("clipnorm", clipnorm);
    set.put("clipvalue", clipvalue);
    set.put("global_clipnorm", globalClipnorm);
    set.put(arg, value);
    if (set.values().stream().filter(v -> v != null).count() > 1) {
      throw new IllegalArgumentException(
          "Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. Received: clipnorm=" + str(set.get("clipnorm"))
              + ", clipvalue=" + str(set.get("clipvalue")) + ", global_clipnorm=" + str(set.get("global_clipnorm")));
    }
    return value;
  }

  private static String str(Double d) {
    return d == null ? "None" : d.toString();
  }

  /** Hyperparameters are baked into the training graph when it is built: they cannot change afterwards. */
  protected void checkNotBuilt(String arg) {
    if (built()) {
      throw new IllegalStateException(
          "Argument `" + arg + "` of optimizer `" + name + "` must be set before the optimizer is built (before the first `fit`).");
    }
  }

  public Double clipnorm() {
    return clipnorm;
  }

  public Double clipvalue() {
    return clipvalue;
  }

  public Double globalClipnorm() {
    return globalClipnorm;
  }

  public Double weightDecay() {
    return weightDecay;
  }

  public boolean useEma() {
    return useEma;
  }

  public double emaMomentum() {
    return emaMomentum;
  }

  public Integer emaOverwriteFrequency() {
    return emaOverwriteFrequency;
  }

  public Integer gradientAccumulationSteps() {
    return gradientAccumulationSteps;
  }

  /** The schedule given as learning rate, or null for a constant (settable) rate. */
  public LearningRateSchedule schedule() {
    return schedule;
  }

  // ---------------------------------------------------------------- learning rate and state

  /**
   * Keras's {@code optimizer.learning_rate}: the rate the next step will use. For a number, the
   * variable's value; for a schedule, the schedule at the current {@code iterations}.
   */
  public double learningRate() {
    if (built()) {
      try (TFloat32 t = (TFloat32) context.runner().fetch(currentLearningRate).run().get(0)) {
        return t.getFloat();
      }
    }
    return schedule != null ? schedule.call(0) : learningRate;
  }

  /**
   * Keras's {@code optimizer.learning_rate = value}; takes effect at the next step. Not allowed when
   * the optimizer was created with a schedule (as Keras).
   */
  public void setLearningRate(double value) {
    if (schedule != null) {
      throw new IllegalStateException(
          "This optimizer was created with a `LearningRateSchedule` object as its `learning_rate` constructor argument,"
              + " hence its learning rate is not settable. If you need the learning rate to be settable, you should"
              + " instantiate the optimizer with a float `learning_rate` argument.");
    }
    checkLearningRate(value);
    this.learningRate = value;
    if (built()) {
      // Written by the next run, with any other pending value (a loaded model's, one run for all).
      context.writeLater(learningRateAssign, Map.of(learningRateInput, TFloat32.scalarOf((float) value)),
          List.of(learningRateHandle));
    }
  }

  /**
   * Keras's {@code optimizer.iterations}: updates applied so far. With gradient accumulation, the
   * steps run divided by {@code gradient_accumulation_steps} (Keras's floor division).
   */
  public long iterations() {
    long steps = stepsRun();
    return gradientAccumulationSteps == null ? steps : Math.floorDiv(steps, gradientAccumulationSteps);
  }

  /** Keras's {@code optimizer._iterations}: the steps run, accumulated or applied. */
  private long stepsRun() {
    if (!built()) {
      return 0;
    }
    try (TInt64 t = (TInt64) context.runner().fetch(iterations).run().get(0)) {
      return t.getLong();
    }
  }

  /** True once the optimizer's variables exist (after the first training graph was built). */
  public boolean built() {
    return iterations != null && context != null && !context.isClosed();
  }

  /**
   * The number of values the optimizer keeps (iterations, the learning rate unless it is a schedule,
   * its variables), as Keras's summary counts.
   */
  public long countParams() {
    if (!built()) {
      return 0;
    }
    long n = schedule == null ? 2 : 1;
    for (KerasVariable s : slots) {
      n += s.size();
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
    iterationsHandle = null;
    iterations = null;
    learningRateHandle = null;
    learningRateVar = null;
    currentLearningRate = null;
    trainableVariables = List.of();
    indices.clear();
    slots.clear();
    averages = List.of();
    accumulators = List.of();
    finalizeOp = null;
  }

  // ---------------------------------------------------------------- saving the state

  /**
   * Keras's {@code optimizer.variables} after {@code iterations} and {@code learning_rate}: the
   * variables {@link #build} created (EMA averages, gradient accumulators, then the optimizer's
   * own), in Keras's order; empty before the optimizer is built. {@code save_weights} stores them.
   */
  public List<KerasVariable> optimizerVariables() {
    return built() ? List.copyOf(slots) : List.of();
  }

  /**
   * Keras's {@code optimizer._iterations.assign(value)} (what {@code load_weights} restores): the
   * steps run, so that a schedule, Adam's bias correction and gradient accumulation continue from
   * there.
   */
  public void assignIterations(long value) {
    if (!built()) {
      throw new IllegalStateException("Optimizer `" + name + "` has no variables yet: it is built by the first `fit`.");
    }
    if (value < 0) {
      throw new IllegalArgumentException("`iterations` must be >= 0. Received: iterations=" + value);
    }
    context.writeLater(iterationsAssign, Map.of(iterationsInput, TInt64.scalarOf(value)), List.of(iterationsHandle));
  }

  /** The steps run, as {@code save_weights} stores Keras's {@code iterations} variable. */
  public long iterationsVariableValue() {
    return stepsRun();
  }

  /**
   * Keras's {@code finalize_variable_values}, which {@code fit} calls at its end: with {@code
   * use_ema}, every trainable weight takes its moving average; otherwise nothing.
   */
  public void finalizeVariableValues() {
    if (useEma && built() && finalizeOp != null) {
      context.runner().addTarget(finalizeOp).run();
    }
  }

  // ---------------------------------------------------------------- the step

  /**
   * Builds the update of {@code vars} by {@code grads} into the graph of {@code ctx}; the returned
   * op clips the gradients, decays the weights, applies every update, then increments {@code
   * iterations}. Weights with a null gradient are left alone. The first call in a graph builds the
   * optimizer's variables for all of {@code vars}.
   *
   * <p>With gradient accumulation ({@code n} steps), as Keras's {@code _backend_apply_gradients}:
   * a step whose {@code iterations + 1} is not a multiple of {@code n} only adds the gradients to
   * the accumulators; the others clip, decay and update with {@code (g + accumulated) / n}, then
   * zero the accumulators. The EMA is updated after every step.
   */
  public Op applyGradients(GraphContext ctx, List<Operand<TFloat32>> grads, List<KerasVariable> vars) {
    Ops t = ctx.tf().withSubScope(name);
    build(ctx, vars);
    List<Operand<TFloat32>> g = new ArrayList<>();
    List<KerasVariable> v = new ArrayList<>();
    for (int i = 0; i < vars.size(); i++) {
      if (grads.get(i) != null) {
        if (!indices.containsKey(vars.get(i))) {
          throw new IllegalArgumentException("Unknown variable: " + vars.get(i) + ". This optimizer can only be called for"
              + " the variables it was originally built with. When working with a new set of variables, you should"
              + " recreate a new optimizer instance.");
        }
        g.add(grads.get(i));
        v.add(vars.get(i));
      }
    }
    // Keras's `self.iterations`: updates so far (steps / n with accumulation), before this step.
    Operand<TInt64> applied = gradientAccumulationSteps == null ? iterations
        : t.math.floorDiv(iterations, t.constant((long) gradientAccumulationSteps));
    Operand<TFloat32> localStep = t.dtypes.cast(t.math.add(applied, t.constant(1L)), TFloat32.class);
    List<Op> updates = new ArrayList<>();
    if (!g.isEmpty()) {
      if (gradientAccumulationSteps == null) {
        updates.addAll(update(t, g, v, currentLearningRate, localStep));
      } else {
        updates.add(accumulateOrUpdate(t, g, v, localStep));
      }
    }
    if (useEma) {
      updates = List.of(Ema.update(t, updates, trainableVariables, averages, applied, (float) emaMomentum,
          emaOverwriteFrequency));
    }
    // After the updates and after the step's read of iterations (which every use of it in the step shares).
    List<Op> first = new ArrayList<>(updates);
    first.add(iterations);
    return t.withControlDependencies(first).withName("increment").assignAddVariableOp(iterationsHandle, t.constant(1L));
  }

  /**
   * Keras's {@code optimizer.build(var_list)}: creates the optimizer's variables (iterations, the
   * learning rate, then {@link #optimizerVariables()}) in the graph of {@code ctx} for the
   * trainable weights {@code vars}, unless they exist there already. The first training step does
   * it; loading a compiled model does it before the optimizer's saved state is read, as Keras's
   * {@code compile_from_config} does, so that the state has variables to go to.
   */
  public void build(GraphContext ctx, List<KerasVariable> vars) {
    if (context == ctx && built()) {
      return;
    }
    Ops t = ctx.tf().withSubScope(name);
    reset();
    context = ctx;
    iterationsHandle = ctx.stateVariable(name + "/iteration", TInt64.class, Shape.scalar(), init -> init.constant(0L));
    iterations = t.withName("iteration_read").readVariableOp(iterationsHandle, TInt64.class);
    iterationsInput = t.withName("iteration_value").placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
    iterationsAssign = t.withName("iteration_assign").assignVariableOp(iterationsHandle, iterationsInput);
    if (schedule == null) {
      float lr = (float) learningRate;
      learningRateHandle = ctx.stateVariable(name + "/learning_rate", TFloat32.class, Shape.scalar(), init -> init.constant(lr));
      learningRateVar = t.withName("learning_rate_read").readVariableOp(learningRateHandle, TFloat32.class);
      learningRateInput = t.withName("learning_rate_value").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      learningRateAssign = t.withName("learning_rate_assign").assignVariableOp(learningRateHandle, learningRateInput);
    }
    currentLearningRate = t.withName("current_learning_rate").identity(currentLearningRate(t, learningRateVar, iterations));
    buildVariables(t, vars);
  }

  /**
   * Keras's {@code optimizer.scale_loss(loss)}: what the trainer differentiates instead of the loss
   * ({@code loss} itself here; {@link LossScaleOptimizer} multiplies it by its scale).
   */
  public Operand<TFloat32> scaleLoss(GraphContext ctx, Ops tf, Operand<TFloat32> loss) {
    return loss;
  }

  /** Keras's {@code build(var_list)} in the base class: indices, EMA averages, accumulators, then the optimizer's own. */
  private void buildVariables(Ops t, List<KerasVariable> vars) {
    trainableVariables = List.copyOf(vars);
    for (int i = 0; i < vars.size(); i++) {
      indices.put(vars.get(i), i);
    }
    if (useEma) {
      averages = addOptimizerVariables(t, vars, "average");
    }
    if (gradientAccumulationSteps != null) {
      accumulators = addOptimizerVariables(t, vars, "gradient_accumulator");
    }
    build(t, trainableVariables);
    if (useEma) {
      finalizeOp = Ema.overwrite(context.tf().withSubScope(name), trainableVariables, averages, "finalize_variable_values");
    }
  }

  /** Clipping, weight decay and each weight's update: Keras's step without accumulation. */
  private List<Op> update(Ops t, List<Operand<TFloat32>> grads, List<KerasVariable> v, Operand<TFloat32> lr,
      Operand<TFloat32> localStep) {
    List<Operand<TFloat32>> g = clipGradients(t, grads);
    List<Op> before = beforeUpdates(t, localStep);
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      List<Op> deps = new ArrayList<>(before);
      if (weightDecay != null) {
        // Keras: w -= w * wd * lr before the update (w: the value this step read), after this
        // weight's gradient exists.
        Operand<TFloat32> w = v.get(i).value();
        deps.add(v.get(i).assignSub(t.withControlDependencies(List.of(g.get(i))),
            t.math.mul(t.math.mul(w, t.constant(weightDecay.floatValue())), lr)));
      }
      updates.add(updateStep(deps.isEmpty() ? t : t.withControlDependencies(deps), g.get(i), v.get(i), lr, localStep));
    }
    return updates;
  }

  /** Keras's {@code ops.cond(is_update_step, _update_step_fn, _backend_increment_gradient_accumulators)}. */
  private Op accumulateOrUpdate(Ops t, List<Operand<TFloat32>> g, List<KerasVariable> v, Operand<TFloat32> localStep) {
    long n = gradientAccumulationSteps;
    Operand<TBool> isUpdateStep = t.math.equal(t.math.floorMod(t.math.add(iterations, t.constant(1L)), t.constant(n)),
        t.constant(0L));
    return GraphCond.cond(t, isUpdateStep, b -> {
      // Keras's (g + acc) / n, which TF's graph optimizer (grappler's constant folding, which runs on
      // Keras's compiled step) turns into a product by the float32 reciprocal: the same bits here.
      List<Operand<TFloat32>> mean = new ArrayList<>();
      Operand<TFloat32> reciprocal = b.tf().constant(1f / n);
      for (int i = 0; i < g.size(); i++) {
        KerasVariable acc = accumulators.get(indices.get(v.get(i)));
        mean.add(b.tf().math.mul(b.tf().math.add(b.in(g.get(i)), acc.value()), reciprocal));
      }
      List<Op> ops = new ArrayList<>(update(b.tf(), mean, v, b.in(currentLearningRate), b.in(localStep)));
      Ops after = b.after(ops);
      for (KerasVariable acc : accumulators) {
        ops.add(acc.assign(after, after.zerosLike(acc.value())));
      }
      return ops;
    }, b -> {
      List<Op> ops = new ArrayList<>();
      for (int i = 0; i < g.size(); i++) {
        KerasVariable acc = accumulators.get(indices.get(v.get(i)));
        ops.add(acc.assign(b.tf(), b.tf().math.add(acc.value(), b.in(g.get(i)))));
      }
      return ops;
    });
  }

  /** Keras's {@code _clip_gradients}: clipnorm per weight, else global_clipnorm, else clipvalue. */
  private List<Operand<TFloat32>> clipGradients(Ops tf, List<Operand<TFloat32>> grads) {
    if (grads.isEmpty()) {
      return grads;
    }
    List<Operand<TFloat32>> out = new ArrayList<>();
    if (clipnorm != null) {
      for (Operand<TFloat32> g : grads) {
        out.add(Clipping.clipByNorm(tf, g, clipnorm.floatValue()));
      }
    } else if (globalClipnorm != null) {
      out.addAll(Clipping.clipByGlobalNorm(tf, grads, globalClipnorm.floatValue()));
    } else if (clipvalue != null) {
      for (Operand<TFloat32> g : grads) {
        out.add(tf.clipByValue(g, tf.constant(-clipvalue.floatValue()), tf.constant(clipvalue.floatValue())));
      }
    } else {
      return grads;
    }
    return out;
  }

  /** The learning rate for this step: the schedule at {@code iterations}, or the variable. */
  protected Operand<TFloat32> currentLearningRate(Ops tf, Operand<TFloat32> variable, Operand<TInt64> iterations) {
    return schedule != null ? schedule.call(tf, iterations) : variable;
  }

  // ---------------------------------------------------------------- for each optimizer

  /**
   * Keras's {@code build(var_list)}: creates the optimizer's variables for the trainable weights
   * {@code vars}, with {@link #addOptimizerVariables} (and {@link #addVariable}); called once per
   * graph, before the first {@link #updateStep}.
   */
  protected void build(Ops tf, List<KerasVariable> vars) {}

  /**
   * Ops that every {@link #updateStep} of a step must follow (Keras's {@code _backend_update_step}
   * before its loop: Nadam's {@code u_product}); none by default. Built with {@code tf}.
   */
  protected List<Op> beforeUpdates(Ops tf, Operand<TFloat32> localStep) {
    return List.of();
  }

  /** Keras's {@code add_optimizer_variables(vars, name)}: one zero-filled variable per weight, shaped like it. */
  protected List<KerasVariable> addOptimizerVariables(Ops tf, List<KerasVariable> vars, String slotName) {
    return addOptimizerVariables(tf, vars, List.of(slotName), new float[] {0f}).get(0);
  }

  /**
   * Keras's {@code add_optimizer_variables(vars, [name, ...], initializer=[...])}: for each weight
   * in turn one variable per name (interleaved, as Keras creates them), each filled with its
   * initial value; one list per name, indexed like {@code vars}.
   */
  protected List<List<KerasVariable>> addOptimizerVariables(Ops tf, List<KerasVariable> vars, List<String> slotNames,
      float[] initialValues) {
    List<List<KerasVariable>> out = new ArrayList<>();
    slotNames.forEach(n -> out.add(new ArrayList<>()));
    for (KerasVariable var : vars) {
      for (int k = 0; k < slotNames.size(); k++) {
        String n = var.graphName().replace('/', '_').replace('-', '_') + "_" + slotNames.get(k);
        out.get(k).add(addVariable(n, var.shape(), initialValues[k]));
      }
    }
    return out;
  }

  /**
   * Keras's {@code add_variable}: a non-trainable variable {@code <optimizer>/<name>} in the
   * model's graph (a resource variable, as the weights). In a step, {@link KerasVariable#value()}
   * is its value before the step's update of it and {@link KerasVariable#read} its value after.
   */
  protected KerasVariable addVariable(String variableName, Shape shape, float initialValue) {
    KerasVariable slot = new KerasVariable(name + "/" + variableName, shape, new Constant(initialValue), false);
    slot.materialize(context);
    slots.add(slot);
    return slot;
  }

  /** Keras's {@code _get_variable_index(variable)}: the weight's position in the list the optimizer was built for. */
  protected int variableIndex(KerasVariable var) {
    Integer i = indices.get(var);
    if (i == null) {
      throw new IllegalArgumentException("Unknown variable: " + var + ". This optimizer can only be called for the"
          + " variables it was originally built with.");
    }
    return i;
  }

  /** Keras's {@code self.assign(slot, value)} in an update step, then the slot's new value (read after it). */
  protected static Operand<TFloat32> assignAndRead(Ops tf, KerasVariable slot, Operand<TFloat32> value) {
    return slot.read(tf.withControlDependencies(List.of(slot.assign(tf, value))));
  }

  /**
   * Keras's {@code slot.assign_add(delta * factor)} in one kernel ({@link
   * KerasVariable#assignAddProduct}, the same bits), then the slot's new value.
   */
  protected static Operand<TFloat32> assignAddProductAndRead(Ops tf, KerasVariable slot, Operand<TFloat32> delta,
      Operand<TFloat32> factor) {
    return slot.read(tf.withControlDependencies(List.of(slot.assignAddProduct(tf, delta, factor))));
  }

  /** One weight's update for gradient {@code grad}; {@code localStep} is iterations + 1. */
  protected abstract Op updateStep(Ops tf, Operand<TFloat32> grad, KerasVariable var, Operand<TFloat32> lr,
      Operand<TFloat32> localStep);

  /** Keras's {@code get_config()}: the base arguments, then each optimizer's own. */
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name);
    // Keras reads its float32 variable: 0.001 is written 0.0010000000474974513.
    c.put("learning_rate", schedule != null ? schedule.serialize() : (double) (float) learningRate);
    c.put("weight_decay", weightDecay);
    c.put("clipnorm", clipnorm);
    c.put("global_clipnorm", globalClipnorm);
    c.put("clipvalue", clipvalue);
    c.put("use_ema", useEma);
    c.put("ema_momentum", emaMomentum);
    c.put("ema_overwrite_frequency", emaOverwriteFrequency);
    c.put("loss_scale_factor", null); // mixed precision: jkeras trains in float32
    c.put("gradient_accumulation_steps", gradientAccumulationSteps);
    return c;
  }

  // ---------------------------------------------------------------- from_config

  /**
   * The config of {@code className} for its {@code fromConfig}, after refusing the Keras options
   * this port does not implement (rather than training differently).
   */
  protected static Config readConfig(String className, Map<String, Object> config) {
    Config c = Config.of(className, config);
    c.requireDefault("loss_scale_factor", null);
    return c;
  }

  /** The config's {@code learning_rate} if it is a serialized schedule, else null. */
  protected static LearningRateSchedule scheduleOf(Config c) {
    Map<String, Object> lr = c.get("learning_rate") instanceof Map ? c.getMapOrNull("learning_rate") : null;
    return lr == null ? null : Schedules.deserialize(lr);
  }

  /**
   * The base arguments of a config ({@code weight_decay}, the clipping, the EMA, gradient
   * accumulation) applied to a new optimizer.
   */
  protected static <O extends Optimizer> O withBaseConfig(O optimizer, Config c) {
    optimizer.useEma(c.getBoolean("use_ema", false));
    optimizer.emaMomentum(c.getDouble("ema_momentum", 0.99));
    optimizer.emaOverwriteFrequency(c.has("ema_overwrite_frequency") ? c.getInt("ema_overwrite_frequency") : null);
    optimizer.gradientAccumulationSteps(
        c.has("gradient_accumulation_steps") ? c.getInt("gradient_accumulation_steps") : null);
    if (c.has("weight_decay")) {
      optimizer.weightDecay(c.getDouble("weight_decay"));
    }
    if (c.has("clipnorm")) {
      optimizer.clipnorm(c.getDouble("clipnorm"));
    }
    if (c.has("clipvalue")) {
      optimizer.clipvalue(c.getDouble("clipvalue"));
    }
    if (c.has("global_clipnorm")) {
      optimizer.globalClipnorm(c.getDouble("global_clipnorm"));
    }
    return optimizer;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + getConfig();
  }
}
