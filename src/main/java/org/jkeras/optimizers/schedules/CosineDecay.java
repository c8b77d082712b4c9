package org.jkeras.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Keras's {@code CosineDecay(initial_learning_rate, decay_steps, alpha=0.0, warmup_target=None,
 * warmup_steps=0)}.
 *
 * <p>Without warm-up: {@code lr(step) = initial * ((1 - alpha) * 0.5 * (1 + cos(pi * min(step,
 * decay_steps) / decay_steps)) + alpha)}. With a {@code warmupTarget}: the rate rises linearly
 * from {@code initial_learning_rate} to {@code warmup_target} over {@code warmup_steps}, then
 * decays from {@code warmup_target} by the cosine above over {@code decay_steps} more steps.
 */
public class CosineDecay extends LearningRateSchedule {
  private final double initialLearningRate;
  private final long decaySteps;
  private final double alpha;
  private final Double warmupTarget;
  private final long warmupSteps;

  public CosineDecay(double initialLearningRate, long decaySteps) {
    this(initialLearningRate, decaySteps, 0.0, null, 0);
  }

  public CosineDecay(double initialLearningRate, long decaySteps, double alpha) {
    this(initialLearningRate, decaySteps, alpha, null, 0);
  }

  /**
   * @param warmupTarget the rate reached at the end of the warm-up (null: no warm-up)
   * @param warmupSteps the length of the warm-up in steps
   */
  public CosineDecay(double initialLearningRate, long decaySteps, double alpha, Double warmupTarget, long warmupSteps) {
    this.initialLearningRate = nonNegative("initial_learning_rate", initialLearningRate);
    if (decaySteps <= 0) {
      throw new IllegalArgumentException("Argument `decay_steps` must be > 0. Received: decay_steps=" + decaySteps);
    }
    this.decaySteps = decaySteps;
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new IllegalArgumentException("Argument `alpha` must be a float in [0, 1]. Received: alpha=" + alpha);
    }
    this.alpha = alpha;
    if (warmupTarget != null) {
      nonNegative("warmup_target", warmupTarget);
    }
    if (warmupSteps < 0) {
      throw new IllegalArgumentException("Argument `warmup_steps` must be >= 0. Received: warmup_steps=" + warmupSteps);
    }
    this.warmupTarget = warmupTarget;
    this.warmupSteps = warmupSteps;
  }

  private Operand<TFloat32> decay(Ops s, Operand<TFloat32> step, Operand<TFloat32> from) {
    Operand<TFloat32> fraction = s.math.div(step, s.constant((float) decaySteps));
    Operand<TFloat32> cosine = s.math.mul(s.constant(0.5f),
        s.math.add(s.constant(1f), s.math.cos(s.math.mul(s.constant((float) Math.PI), fraction))));
    Operand<TFloat32> decayed = s.math.add(s.math.mul(s.constant((float) (1 - alpha)), cosine), s.constant((float) alpha));
    return s.math.mul(from, decayed);
  }

  @Override
  public Operand<TFloat32> call(Ops tf, Operand<TInt64> step) {
    Ops s = tf.withSubScope("CosineDecay");
    Operand<TFloat32> initial = s.constant((float) initialLearningRate);
    Operand<TFloat32> global = s.dtypes.cast(step, TFloat32.class);
    if (warmupTarget == null) {
      return decay(s, s.math.minimum(global, s.constant((float) decaySteps)), initial);
    }
    Operand<TFloat32> target = s.constant(warmupTarget.floatValue());
    Operand<TFloat32> warmup = s.constant((float) warmupSteps);
    global = s.math.minimum(global, s.math.add(s.constant((float) decaySteps), warmup));
    // Keras: cond(step < warmup_steps, warm-up line, cosine from the target); both sides are cheap,
    // so both are computed and one is selected.
    Operand<TFloat32> warm = s.math.add(s.math.mul(s.math.sub(target, initial), s.math.div(global, warmup)), initial);
    Operand<TFloat32> cos = decay(s, s.math.sub(global, warmup), target);
    return s.select(s.math.less(global, warmup), warm, cos);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("initial_learning_rate", initialLearningRate);
    c.put("decay_steps", decaySteps);
    c.put("alpha", alpha);
    c.put("name", "CosineDecay");
    c.put("warmup_target", warmupTarget);
    c.put("warmup_steps", warmupSteps);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static CosineDecay fromConfig(Map<String, Object> config) {
    Config c = Config.of("CosineDecay", config);
    return new CosineDecay(c.getDouble("initial_learning_rate"), c.getLong("decay_steps"), c.getDouble("alpha", 0.0),
        c.getDoubleOrNull("warmup_target"), c.getLong("warmup_steps", 0));
  }
}
