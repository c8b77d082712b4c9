package org.jkeras.optimizers;

import java.util.ArrayList;
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
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Keras 3's optimizer: {@link #updateStep} is one weight's update rule, creating its slot
 * variables with {@link #addSlot} when the step is first built, and {@link #applyGradients} runs
 * them all then increments {@code iterations}.
 *
 * <p>The state (iterations, learning rate, slots) lives in the model's graph next to the weights,
 * as TF variables, so it is saved with the model and never leaves the graph while training.
 *
 * <p>Keras's base arguments, set before the first {@code fit}: {@link #clipnorm}, {@link
 * #clipvalue}, {@link #globalClipnorm} (at most one of the three) and {@link #weightDecay}. As in
 * Keras, each step clips the gradients, then decays the weights ({@code w -= w * weight_decay *
 * lr}), then applies the update rule with the clipped gradients. The learning rate is a number (a
 * variable that {@link #setLearningRate} changes, as ReduceLROnPlateau does) or a {@link
 * LearningRateSchedule} evaluated from {@code iterations} at every step.
 */
public abstract class Optimizer {
  private final String name;
  private double learningRate;
  private final LearningRateSchedule schedule;
  private Double weightDecay;
  private Double clipnorm;
  private Double clipvalue;
  private Double globalClipnorm;

  private GraphContext context;
  private Variable<TInt64> iterations;
  private Variable<TFloat32> learningRateVar;
  private Placeholder<TFloat32> learningRateInput;
  private Op learningRateAssign;
  private Operand<TFloat32> currentLearningRate;
  private final List<KerasVariable> slots = new ArrayList<>();

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
      try (TFloat32 t = TFloat32.scalarOf((float) value)) {
        context.runner().feed(learningRateInput, t).addTarget(learningRateAssign).run();
      }
    }
  }

  /** Keras's {@code optimizer.iterations}: steps applied so far. */
  public long iterations() {
    if (!built()) {
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

  /**
   * The number of values the optimizer keeps (iterations, the learning rate unless it is a schedule,
   * slots), as Keras's summary counts.
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
    iterations = null;
    learningRateVar = null;
    currentLearningRate = null;
    slots.clear();
  }

  // ---------------------------------------------------------------- the step

  /**
   * Builds the update of {@code vars} by {@code grads} into the graph of {@code ctx}; the returned
   * op clips the gradients, decays the weights, applies every update, then increments {@code
   * iterations}. Weights with a null gradient are left alone.
   */
  public Op applyGradients(GraphContext ctx, List<Operand<TFloat32>> grads, List<KerasVariable> vars) {
    Ops t = ctx.tf().withSubScope(name);
    if (context != ctx) {
      reset();
      context = ctx;
      iterations = t.withName("iteration").variable(t.withInitScope().constant(0L));
      if (schedule == null) {
        learningRateVar = t.withName("learning_rate").variable(t.withInitScope().constant((float) learningRate));
        learningRateInput = t.withName("learning_rate_value").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        learningRateAssign = t.withName("learning_rate_assign").assign(learningRateVar, learningRateInput);
      }
      currentLearningRate = t.withName("current_learning_rate").identity(currentLearningRate(t, learningRateVar, iterations));
    }
    List<Operand<TFloat32>> g = new ArrayList<>();
    List<KerasVariable> v = new ArrayList<>();
    for (int i = 0; i < vars.size(); i++) {
      if (grads.get(i) != null) {
        g.add(grads.get(i));
        v.add(vars.get(i));
      }
    }
    g = clipGradients(t, g);
    Operand<TFloat32> localStep = t.dtypes.cast(t.math.add(iterations, t.constant(1L)), TFloat32.class);
    Operand<TFloat32> lr = currentLearningRate;
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      Ops u = t;
      if (weightDecay != null) {
        // Keras: w -= w * wd * lr before the update (w: the value this step read), after this
        // weight's gradient exists.
        Operand<TFloat32> w = v.get(i).value();
        Op decay = v.get(i).assignSub(t.withControlDependencies(List.of(g.get(i))),
            t.math.mul(t.math.mul(w, t.constant(weightDecay.floatValue())), lr));
        u = t.withControlDependencies(List.of(decay));
      }
      updates.add(updateStep(u, g.get(i), v.get(i), lr, localStep));
    }
    return t.withControlDependencies(updates).withName("increment").assignAdd(iterations, t.constant(1L));
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

  /** A zero-initialised slot variable shaped like {@code var}, e.g. Adam's {@code momentum}. */
  protected KerasVariable addSlot(Ops tf, KerasVariable var, String slotName) {
    return addSlot(tf, var, slotName, 0f);
  }

  /**
   * A slot variable shaped like {@code var}, filled with {@code initialValue} (Adagrad's
   * accumulator): like Keras's {@code add_variable_from_reference}, a non-trainable variable in the
   * model's graph (a resource variable, as the weights), named {@code <optimizer>/<weight>_<slot>}.
   * In a step, {@link KerasVariable#value()} is its value before the step's update of it and
   * {@link KerasVariable#read} its value after.
   */
  protected KerasVariable addSlot(Ops tf, KerasVariable var, String slotName, float initialValue) {
    String n = name + "/" + var.graphName().replace('/', '_').replace('-', '_') + "_" + slotName;
    KerasVariable slot = new KerasVariable(n, var.shape(), new Constant(initialValue), false);
    slot.materialize(context);
    slots.add(slot);
    return slot;
  }

  /** Keras's {@code self.assign(slot, value)} in an update step, then the slot's new value (read after it). */
  protected static Operand<TFloat32> assignAndRead(Ops tf, KerasVariable slot, Operand<TFloat32> value) {
    return slot.read(tf.withControlDependencies(List.of(slot.assign(tf, value))));
  }

  /** One weight's update for gradient {@code grad}; {@code localStep} is iterations + 1. */
  protected abstract Op updateStep(Ops tf, Operand<TFloat32> grad, KerasVariable var, Operand<TFloat32> lr,
      Operand<TFloat32> localStep);

  /** Keras's {@code get_config()}: the base arguments, then each optimizer's own. */
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name);
    c.put("learning_rate", schedule != null ? schedule.serialize() : learningRate);
    c.put("weight_decay", weightDecay);
    c.put("clipnorm", clipnorm);
    c.put("global_clipnorm", globalClipnorm);
    c.put("clipvalue", clipvalue);
    // Keras 3's other base arguments, at the defaults jkeras implements.
    c.put("use_ema", false);
    c.put("ema_momentum", 0.99);
    c.put("ema_overwrite_frequency", null);
    c.put("loss_scale_factor", null);
    c.put("gradient_accumulation_steps", null);
    return c;
  }

  // ---------------------------------------------------------------- from_config

  /**
   * The config of {@code className} for its {@code fromConfig}, after refusing the Keras options
   * this port does not implement (rather than training differently).
   */
  protected static Config readConfig(String className, Map<String, Object> config) {
    Config c = Config.of(className, config);
    c.requireDefault("use_ema", false);
    c.requireDefault("amsgrad", false);
    for (String unsupported : List.of("loss_scale_factor", "gradient_accumulation_steps", "ema_overwrite_frequency")) {
      c.requireDefault(unsupported, null);
    }
    return c;
  }

  /** The config's {@code learning_rate} if it is a serialized schedule, else null. */
  protected static LearningRateSchedule scheduleOf(Config c) {
    Map<String, Object> lr = c.get("learning_rate") instanceof Map ? c.getMapOrNull("learning_rate") : null;
    return lr == null ? null : Schedules.deserialize(lr);
  }

  /** The base arguments of a config ({@code weight_decay}, the clipping) applied to a new optimizer. */
  protected static <O extends Optimizer> O withBaseConfig(O optimizer, Config c) {
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
