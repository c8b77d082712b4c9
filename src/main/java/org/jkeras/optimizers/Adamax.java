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
 * Keras's {@code Adamax(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7)}: Adam with
 * the infinity norm (Kingma and Ba, section 7.1), op for op as Keras's {@code update_step}:
 * {@code m += (g - m)(1 - beta_1); u = max(beta_2 u, |g|); w -= lr m / ((1 - beta_1^t)(u + eps))}.
 */
public class Adamax extends Optimizer {
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private List<KerasVariable> momentums = List.of();
  private List<KerasVariable> norms = List.of();

  public Adamax() {
    this(0.001);
  }

  public Adamax(double learningRate) {
    this(learningRate, 0.9, 0.999, 1e-7);
  }

  public Adamax(LearningRateSchedule learningRate) {
    this(learningRate, 0.9, 0.999, 1e-7);
  }

  public Adamax(double learningRate, double beta1, double beta2, double epsilon) {
    this(learningRate, null, beta1, beta2, epsilon);
  }

  public Adamax(LearningRateSchedule learningRate, double beta1, double beta2, double epsilon) {
    this(Double.NaN, requireSchedule(learningRate), beta1, beta2, epsilon);
  }

  private Adamax(double learningRate, LearningRateSchedule schedule, double beta1, double beta2, double epsilon) {
    super("adamax", learningRate, schedule);
    this.beta1 = unitInterval("beta_1", beta1);
    this.beta2 = unitInterval("beta_2", beta2);
    this.epsilon = nonNegative("epsilon", epsilon);
  }

  @Override
  protected void build(Ops tf, List<KerasVariable> vars) {
    List<List<KerasVariable>> mu = addOptimizerVariables(tf, vars, List.of("momentum", "norm"), new float[] {0f, 0f});
    momentums = mu.get(0);
    norms = mu.get(1);
  }

  @Override
  protected Op updateStep(Ops tf, Operand<TFloat32> grad, KerasVariable var, Operand<TFloat32> lr,
      Operand<TFloat32> localStep) {
    int i = variableIndex(var);
    KerasVariable m = momentums.get(i);
    KerasVariable u = norms.get(i);
    Operand<TFloat32> beta1Power = tf.math.pow(tf.constant((float) beta1), localStep);
    // 1 - beta_1 in double, then float32, as Keras's Python arithmetic does.
    Operand<TFloat32> newM = assignAddProductAndRead(tf, m, tf.math.sub(grad, m.value()), tf.constant((float) (1 - beta1)));
    Operand<TFloat32> newU = assignAndRead(tf, u,
        tf.math.maximum(tf.math.mul(tf.constant((float) beta2), u.value()), tf.math.abs(grad)));
    Operand<TFloat32> denominator = tf.math.mul(tf.math.sub(tf.constant(1f), beta1Power),
        tf.math.add(newU, tf.constant((float) epsilon)));
    return var.assignSub(tf, tf.math.div(tf.math.mul(lr, newM), denominator));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("beta_1", beta1);
    c.put("beta_2", beta2);
    c.put("epsilon", epsilon);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static Adamax fromConfig(Map<String, Object> config) {
    Config c = readConfig("Adamax", config);
    LearningRateSchedule s = scheduleOf(c);
    double b1 = c.getDouble("beta_1", 0.9);
    double b2 = c.getDouble("beta_2", 0.999);
    double eps = c.getDouble("epsilon", 1e-7);
    return withBaseConfig(s != null ? new Adamax(s, b1, b2, eps) : new Adamax(c.getDouble("learning_rate", 0.001), b1, b2, eps), c);
  }
}
