package org.jkeras.optimizers;

import java.util.List;
import java.util.Map;
import org.jkeras.backend.KerasVariable;
import org.jkeras.optimizers.schedules.LearningRateSchedule;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
 * amsgrad=False)}: {@code m += (g - m)(1 - b1); v += (g^2 - v)(1 - b2); w -= m alpha / (sqrt(v) +
 * eps)} with {@code alpha = lr sqrt(1 - b2^t) / (1 - b1^t)}, op for op as Keras's {@code
 * update_step}. With {@link #amsgrad}, the root is of {@code v_hat = max(v_hat, v)}, the largest
 * velocity so far.
 *
 * <p>Not TF's fused {@code ApplyAdam} kernel: it computes {@code 1 - b2} in float32 (0.00099998713
 * instead of Keras's 0.001), which makes every step about 6e-6 larger, relatively, than Keras's; the
 * parity suite (adam_steps) found it. With Keras's order the weights after five steps are
 * bit-identical to Keras's.
 */
public class Adam extends Optimizer {
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private boolean amsgrad;
  private List<KerasVariable> momentums = List.of();
  private List<KerasVariable> velocities = List.of();
  private List<KerasVariable> velocityHats = List.of();

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

  /** Keras's {@code amsgrad}: divide by the root of the largest velocity seen so far (Reddi et al., 2018). */
  public Adam amsgrad(boolean value) {
    checkNotBuilt("amsgrad");
    amsgrad = value;
    return this;
  }

  public boolean amsgrad() {
    return amsgrad;
  }

  /** As Keras: momentum and velocity of each weight in turn, then (amsgrad) every velocity_hat. */
  @Override
  protected void build(Ops tf, List<KerasVariable> vars) {
    List<List<KerasVariable>> mv = addOptimizerVariables(tf, vars, List.of("momentum", "velocity"), new float[] {0f, 0f});
    momentums = mv.get(0);
    velocities = mv.get(1);
    velocityHats = amsgrad ? addOptimizerVariables(tf, vars, "velocity_hat") : List.of();
  }

  @Override
  protected Op updateStep(Ops tf, Operand<TFloat32> grad, KerasVariable var, Operand<TFloat32> lr,
      Operand<TFloat32> localStep) {
    int i = variableIndex(var);
    KerasVariable m = momentums.get(i);
    KerasVariable v = velocities.get(i);
    Operand<TFloat32> one = tf.constant(1f);
    Operand<TFloat32> b1Power = tf.math.pow(tf.constant((float) beta1), localStep);
    Operand<TFloat32> b2Power = tf.math.pow(tf.constant((float) beta2), localStep);
    Operand<TFloat32> alpha = tf.math.div(tf.math.mul(lr, tf.math.sqrt(tf.math.sub(one, b2Power))), tf.math.sub(one, b1Power));
    // 1 - beta in double, then float32, as Keras's Python arithmetic does. Keras's product and
    // assign_add in one kernel each (the same bits: KerasVariable.assignAddProduct).
    Op newM = m.assignAddProduct(tf, tf.math.sub(grad, m.value()), tf.constant((float) (1 - beta1)));
    Op newV = v.assignAddProduct(tf, tf.math.sub(tf.math.square(grad), v.value()), tf.constant((float) (1 - beta2)));
    // w -= m alpha / (sqrt(v) + eps) with the updated m and v, in one kernel (same bits as the five ops).
    Ops after = tf.withControlDependencies(List.of(newM, newV));
    if (amsgrad) {
      KerasVariable vHat = velocityHats.get(i);
      Op newVHat = vHat.assign(after, after.math.maximum(vHat.value(), v.read(after)));
      Ops afterHat = tf.withControlDependencies(List.of(newM, newVHat));
      return var.assignSubOverRoot(afterHat, m.read(afterHat), alpha, vHat, afterHat.constant((float) epsilon));
    }
    return var.assignSubOverRoot(after, m.read(after), alpha, v, after.constant((float) epsilon));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("beta_1", beta1);
    c.put("beta_2", beta2);
    c.put("epsilon", epsilon);
    c.put("amsgrad", amsgrad);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static Adam fromConfig(Map<String, Object> config) {
    Config c = readConfig("Adam", config);
    LearningRateSchedule s = scheduleOf(c);
    double b1 = c.getDouble("beta_1", 0.9);
    double b2 = c.getDouble("beta_2", 0.999);
    double eps = c.getDouble("epsilon", 1e-7);
    Adam adam = s != null ? new Adam(s, b1, b2, eps) : new Adam(c.getDouble("learning_rate", 0.001), b1, b2, eps);
    return withBaseConfig(adam.amsgrad(c.getBoolean("amsgrad", false)), c);
  }
}
