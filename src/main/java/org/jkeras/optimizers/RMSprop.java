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
 * Keras's {@code RMSprop(learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False)}:
 * {@code v = rho v + (1 - rho) g^2; w -= lr g / sqrt(v + eps)} (Keras 3 puts epsilon inside the
 * root). Centered: {@code a = rho a + (1 - rho) g} and the root is {@code sqrt(v - a^2 + eps)}.
 * With momentum: {@code m = momentum m + lr g / sqrt(...); w -= m}.
 */
public class RMSprop extends Optimizer {
  private final double rho;
  private final double momentum;
  private final double epsilon;
  private final boolean centered;
  private List<KerasVariable> velocities = List.of();
  private List<KerasVariable> momentums = List.of();
  private List<KerasVariable> averageGradients = List.of();

  public RMSprop() {
    this(0.001);
  }

  public RMSprop(double learningRate) {
    this(learningRate, 0.9, 0.0, 1e-7, false);
  }

  public RMSprop(LearningRateSchedule learningRate) {
    this(learningRate, 0.9, 0.0, 1e-7, false);
  }

  public RMSprop(double learningRate, double rho, double momentum, double epsilon, boolean centered) {
    this(learningRate, null, rho, momentum, epsilon, centered);
  }

  public RMSprop(LearningRateSchedule learningRate, double rho, double momentum, double epsilon, boolean centered) {
    this(Double.NaN, requireSchedule(learningRate), rho, momentum, epsilon, centered);
  }

  private RMSprop(double learningRate, LearningRateSchedule schedule, double rho, double momentum, double epsilon,
      boolean centered) {
    super("rm_sprop", learningRate, schedule);
    this.rho = unitInterval("rho", rho);
    this.momentum = nonNegative("momentum", momentum);
    this.epsilon = nonNegative("epsilon", epsilon);
    this.centered = centered;
  }

  /** As Keras: every velocity, then every momentum (if momentum > 0), then every average gradient (if centered). */
  @Override
  protected void build(Ops tf, List<KerasVariable> vars) {
    velocities = addOptimizerVariables(tf, vars, "velocity");
    momentums = momentum > 0 ? addOptimizerVariables(tf, vars, "momentum") : List.of();
    averageGradients = centered ? addOptimizerVariables(tf, vars, "average_gradient") : List.of();
  }

  @Override
  protected Op updateStep(Ops tf, Operand<TFloat32> grad, KerasVariable var, Operand<TFloat32> lr,
      Operand<TFloat32> localStep) {
    int i = variableIndex(var);
    KerasVariable[] s = {velocities.get(i), momentum > 0 ? momentums.get(i) : null, centered ? averageGradients.get(i) : null};
    Operand<TFloat32> r = tf.constant((float) rho);
    Operand<TFloat32> oneMinusR = tf.constant((float) (1 - rho));
    Operand<TFloat32> velocity = assignAndRead(tf, s[0], tf.math.add(tf.math.mul(r, s[0].value()), tf.math.mul(oneMinusR, tf.math.square(grad))));
    Operand<TFloat32> denominator;
    if (centered) {
      Operand<TFloat32> avg = assignAndRead(tf, s[2], tf.math.add(tf.math.mul(r, s[2].value()), tf.math.mul(oneMinusR, grad)));
      denominator = tf.math.add(tf.math.sub(velocity, tf.math.square(avg)), tf.constant((float) epsilon));
    } else {
      denominator = tf.math.add(velocity, tf.constant((float) epsilon));
    }
    Operand<TFloat32> increment = tf.math.div(tf.math.mul(lr, grad), tf.math.sqrt(denominator));
    if (momentum > 0) {
      Operand<TFloat32> m = assignAndRead(tf, s[1], tf.math.add(tf.math.mul(tf.constant((float) momentum), s[1].value()), increment));
      return var.assignSub(tf, m);
    }
    return var.assignSub(tf, increment);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("rho", rho);
    c.put("momentum", momentum);
    c.put("epsilon", epsilon);
    c.put("centered", centered);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static RMSprop fromConfig(Map<String, Object> config) {
    Config c = readConfig("RMSprop", config);
    LearningRateSchedule s = scheduleOf(c);
    double rho = c.getDouble("rho", 0.9);
    double momentum = c.getDouble("momentum", 0.0);
    double eps = c.getDouble("epsilon", 1e-7);
    boolean centered = c.getBoolean("centered", false);
    return withBaseConfig(s != null ? new RMSprop(s, rho, momentum, eps, centered)
        : new RMSprop(c.getDouble("learning_rate", 0.001), rho, momentum, eps, centered), c);
  }
}
