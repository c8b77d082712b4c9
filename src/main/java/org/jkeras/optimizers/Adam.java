package org.jkeras.optimizers;

import java.util.IdentityHashMap;
import java.util.Map;
import org.jkeras.backend.KerasVariable;
import org.jkeras.optimizers.schedules.LearningRateSchedule;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7)}:
 * {@code m += (g - m)(1 - b1); v += (g^2 - v)(1 - b2); w -= lr sqrt(1 - b2^t) / (1 - b1^t) m / (sqrt(v) + eps)},
 * computed by TF's fused {@code ApplyAdam} kernel (the same formula).
 */
public class Adam extends Optimizer {
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final Map<KerasVariable, Variable<TFloat32>[]> slots = new IdentityHashMap<>();

  public Adam() {
    this(0.001);
  }

  public Adam(double learningRate) {
    this(learningRate, 0.9, 0.999, 1e-7);
  }

  public Adam(LearningRateSchedule learningRate) {
    this(learningRate, 0.9, 0.999, 1e-7);
  }

  public Adam(double learningRate, double beta1, double beta2, double epsilon) {
    this("adam", learningRate, null, beta1, beta2, epsilon);
  }

  public Adam(LearningRateSchedule learningRate, double beta1, double beta2, double epsilon) {
    this("adam", Double.NaN, requireSchedule(learningRate), beta1, beta2, epsilon);
  }

  /** For {@link AdamW}. */
  Adam(String name, double learningRate, LearningRateSchedule schedule, double beta1, double beta2, double epsilon) {
    super(name, learningRate, schedule);
    this.beta1 = unitInterval("beta_1", beta1);
    this.beta2 = unitInterval("beta_2", beta2);
    this.epsilon = nonNegative("epsilon", epsilon);
  }

  @Override
  public void reset() {
    super.reset();
    slots.clear();
  }

  @Override
  @SuppressWarnings("unchecked")
  protected Op updateStep(Ops tf, Operand<TFloat32> grad, KerasVariable var, Operand<TFloat32> lr,
      Operand<TFloat32> localStep) {
    Variable<TFloat32>[] mv = slots.computeIfAbsent(var,
        v -> new Variable[] {addSlot(tf, v, "momentum"), addSlot(tf, v, "velocity")});
    Operand<TFloat32> b1 = tf.constant((float) beta1);
    Operand<TFloat32> b2 = tf.constant((float) beta2);
    return tf.train.applyAdam(var.value(), mv[0], mv[1], tf.math.pow(b1, localStep), tf.math.pow(b2, localStep),
        lr, b1, b2, tf.constant((float) epsilon), grad);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("beta_1", beta1);
    c.put("beta_2", beta2);
    c.put("epsilon", epsilon);
    c.put("amsgrad", false);
    return c;
  }
}
