package org.jkeras.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.backend.Eager;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Keras's {@code keras.optimizers.schedules.LearningRateSchedule}: the learning rate as a function
 * of the optimizer step ({@code optimizer.iterations}, the number of updates applied so far).
 *
 * <p>An optimizer built with a schedule evaluates it in the training graph at every step, from its
 * {@code iterations} variable, so the rate never leaves the graph.
 *
 * <pre>{@code
 * var lr = new ExponentialDecay(0.1, 1000, 0.96);
 * model.compile(new SGD(lr), "binary_crossentropy", "accuracy");
 * }</pre>
 */
public abstract class LearningRateSchedule {

  /** The learning rate at {@code step} (an int64 scalar), as a float32 scalar op. */
  public abstract Operand<TFloat32> call(Ops tf, Operand<TInt64> step);

  /** Keras's {@code schedule(step)} on a number: the learning rate at {@code step}, computed by TF. */
  public float call(long step) {
    return Eager.scalar(tf -> call(tf, tf.constant(step)));
  }

  /** Keras's {@code get_config()}. */
  public abstract Map<String, Object> getConfig();

  /** The Keras class name, e.g. {@code ExponentialDecay}. */
  public String className() {
    return getClass().getSimpleName();
  }

  /** Keras's {@code keras.optimizers.schedules.serialize}. */
  public Map<String, Object> serialize() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("module", "keras.optimizers.schedules");
    m.put("class_name", className());
    m.put("config", getConfig());
    m.put("registered_name", null);
    return m;
  }

  /** A float argument that must be finite and non-negative (learning rates, decay rates). */
  static double nonNegative(String arg, double value) {
    if (!Double.isFinite(value) || value < 0) {
      throw new IllegalArgumentException(
          "Argument `" + arg + "` must be a non-negative finite float. Received: " + arg + "=" + value);
    }
    return value;
  }

  @Override
  public String toString() {
    return className() + getConfig();
  }
}
