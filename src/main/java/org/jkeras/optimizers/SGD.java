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
 * Keras's {@code SGD(learning_rate=0.01, momentum=0.0, nesterov=False)}: {@code w -= lr g}; with
 * momentum {@code m = momentum m - lr g; w += m} (Nesterov: {@code w += momentum m - lr g}).
 */
public class SGD extends Optimizer {
  private final double momentum;
  private final boolean nesterov;
  private List<KerasVariable> momentums = List.of();

  public SGD() {
    this(0.01);
  }

  public SGD(double learningRate) {
    this(learningRate, 0.0, false);
  }

  public SGD(LearningRateSchedule learningRate) {
    this(learningRate, 0.0, false);
  }

  public SGD(double learningRate, double momentum, boolean nesterov) {
    this(learningRate, null, momentum, nesterov);
  }

  public SGD(LearningRateSchedule learningRate, double momentum, boolean nesterov) {
    this(Double.NaN, requireSchedule(learningRate), momentum, nesterov);
  }

  private SGD(double learningRate, LearningRateSchedule schedule, double momentum, boolean nesterov) {
    super("sgd", learningRate, schedule);
    if (!(momentum >= 0 && momentum <= 1)) {
      throw new IllegalArgumentException("`momentum` must be a float between [0, 1]. Received: momentum=" + momentum);
    }
    this.momentum = momentum;
    this.nesterov = nesterov;
  }

  public double momentum() {
    return momentum;
  }

  public boolean nesterov() {
    return nesterov;
  }

  @Override
  protected void build(Ops tf, List<KerasVariable> vars) {
    momentums = momentum != 0 ? addOptimizerVariables(tf, vars, "momentum") : List.of();
  }

  @Override
  protected Op updateStep(Ops tf, Operand<TFloat32> grad, KerasVariable var, Operand<TFloat32> lr,
      Operand<TFloat32> localStep) {
    if (momentum == 0) {
      return var.applyGradientDescent(tf, lr, grad);
    }
    KerasVariable m = momentums.get(variableIndex(var));
    Operand<TFloat32> mom = tf.constant((float) momentum);
    Operand<TFloat32> newM = assignAndRead(tf, m, tf.math.sub(tf.math.mul(m.value(), mom), tf.math.mul(grad, lr)));
    Operand<TFloat32> delta = nesterov ? tf.math.sub(tf.math.mul(newM, mom), tf.math.mul(grad, lr)) : newM;
    return var.assignAdd(tf, delta);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("momentum", momentum);
    c.put("nesterov", nesterov);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static SGD fromConfig(Map<String, Object> config) {
    Config c = readConfig("SGD", config);
    LearningRateSchedule s = scheduleOf(c);
    double momentum = c.getDouble("momentum", 0.0);
    boolean nesterov = c.getBoolean("nesterov", false);
    return withBaseConfig(s != null ? new SGD(s, momentum, nesterov) : new SGD(c.getDouble("learning_rate", 0.01), momentum, nesterov), c);
  }
}
