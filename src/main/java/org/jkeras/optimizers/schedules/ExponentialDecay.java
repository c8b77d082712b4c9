package org.jkeras.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Keras's {@code ExponentialDecay(initial_learning_rate, decay_steps, decay_rate, staircase=False)}:
 * {@code initial_learning_rate * decay_rate ^ (step / decay_steps)}; with {@code staircase} the
 * exponent is floored, so the rate drops every {@code decay_steps} steps.
 */
public class ExponentialDecay extends LearningRateSchedule {
  private final double initialLearningRate;
  private final long decaySteps;
  private final double decayRate;
  private final boolean staircase;

  public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate) {
    this(initialLearningRate, decaySteps, decayRate, false);
  }

  public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate, boolean staircase) {
    this.initialLearningRate = nonNegative("initial_learning_rate", initialLearningRate);
    if (decaySteps <= 0) {
      throw new IllegalArgumentException("Argument `decay_steps` must be > 0. Received: decay_steps=" + decaySteps);
    }
    this.decaySteps = decaySteps;
    this.decayRate = nonNegative("decay_rate", decayRate);
    this.staircase = staircase;
  }

  @Override
  public Operand<TFloat32> call(Ops tf, Operand<TInt64> step) {
    Ops s = tf.withSubScope("ExponentialDecay");
    Operand<TFloat32> p = s.math.div(s.dtypes.cast(step, TFloat32.class), s.constant((float) decaySteps));
    if (staircase) {
      p = s.math.floor(p);
    }
    return s.math.mul(s.constant((float) initialLearningRate), s.math.pow(s.constant((float) decayRate), p));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("initial_learning_rate", initialLearningRate);
    c.put("decay_steps", decaySteps);
    c.put("decay_rate", decayRate);
    c.put("staircase", staircase);
    c.put("name", "ExponentialDecay");
    return c;
  }

  /** Keras's {@code from_config}. */
  public static ExponentialDecay fromConfig(Map<String, Object> config) {
    Config c = Config.of("ExponentialDecay", config);
    return new ExponentialDecay(c.getDouble("initial_learning_rate"), c.getLong("decay_steps"), c.getDouble("decay_rate"),
        c.getBoolean("staircase", false));
  }
}
