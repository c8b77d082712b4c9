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
 * Keras's {@code Lion(learning_rate=0.001, beta_1=0.9, beta_2=0.99)} (Chen et al., 2023), op for op
 * as Keras's {@code update_step}: {@code w -= lr sign(beta_1 m + (1 - beta_1) g)}, then {@code m =
 * beta_2 m + (1 - beta_2) g} (the {@code 1 - beta} in float32, as Keras). Every step moves each
 * weight by exactly the learning rate, so Lion wants a rate 3-10x smaller than AdamW's.
 */
public class Lion extends Optimizer {
  private final double beta1;
  private final double beta2;
  private List<KerasVariable> momentums = List.of();

  public Lion() {
    this(0.001);
  }

  public Lion(double learningRate) {
    this(learningRate, 0.9, 0.99);
  }

  public Lion(LearningRateSchedule learningRate) {
    this(learningRate, 0.9, 0.99);
  }

  public Lion(double learningRate, double beta1, double beta2) {
    this(learningRate, null, beta1, beta2);
  }

  public Lion(LearningRateSchedule learningRate, double beta1, double beta2) {
    this(Double.NaN, requireSchedule(learningRate), beta1, beta2);
  }

  private Lion(double learningRate, LearningRateSchedule schedule, double beta1, double beta2) {
    super("lion", learningRate, schedule);
    if (!(beta1 > 0 && beta1 <= 1)) {
      throw new IllegalArgumentException("Argument `beta_1` must be in the [0, 1] range. Otherwise, the optimizer"
          + " degenerates to SignSGD. Received: beta_1=" + beta1 + ".");
    }
    this.beta1 = beta1;
    this.beta2 = unitInterval("beta_2", beta2);
  }

  @Override
  protected void build(Ops tf, List<KerasVariable> vars) {
    momentums = addOptimizerVariables(tf, vars, "momentum");
  }

  @Override
  protected Op updateStep(Ops tf, Operand<TFloat32> grad, KerasVariable var, Operand<TFloat32> lr,
      Operand<TFloat32> localStep) {
    KerasVariable m = momentums.get(variableIndex(var));
    Operand<TFloat32> one = tf.constant(1f);
    Operand<TFloat32> b1 = tf.constant((float) beta1);
    Operand<TFloat32> b2 = tf.constant((float) beta2);
    Operand<TFloat32> direction = tf.math.sign(tf.math.add(tf.math.mul(m.value(), b1), tf.math.mul(grad, tf.math.sub(one, b1))));
    Op newW = var.applyGradientDescent(tf, lr, direction);
    Op newM = m.assign(tf, tf.math.add(tf.math.mul(m.value(), b2), tf.math.mul(grad, tf.math.sub(one, b2))));
    return tf.withControlDependencies(List.of(newW, newM)).noOp();
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("beta_1", beta1);
    c.put("beta_2", beta2);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static Lion fromConfig(Map<String, Object> config) {
    Config c = readConfig("Lion", config);
    LearningRateSchedule s = scheduleOf(c);
    double b1 = c.getDouble("beta_1", 0.9);
    double b2 = c.getDouble("beta_2", 0.99);
    return withBaseConfig(s != null ? new Lion(s, b1, b2) : new Lion(c.getDouble("learning_rate", 0.001), b1, b2), c);
  }
}
