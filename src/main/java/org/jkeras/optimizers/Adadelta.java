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
 * Keras's {@code Adadelta(learning_rate=0.001, rho=0.95, epsilon=1e-7)} (Zeiler, 2012), op for op
 * as Keras's {@code update_step}, with {@code rms(x) = sqrt(x + eps)}: {@code a = rho a + (1 - rho)
 * g^2; d = -rms(delta) g / rms(a); delta = rho delta + (1 - rho) d^2; w += lr d}. Keras keeps the
 * learning rate (the original algorithm has none); its default 0.001 makes the steps small.
 */
public class Adadelta extends Optimizer {
  private final double rho;
  private final double epsilon;
  private List<KerasVariable> accumulatedGrads = List.of();
  private List<KerasVariable> accumulatedDeltaVars = List.of();

  public Adadelta() {
    this(0.001);
  }

  public Adadelta(double learningRate) {
    this(learningRate, 0.95, 1e-7);
  }

  public Adadelta(LearningRateSchedule learningRate) {
    this(learningRate, 0.95, 1e-7);
  }

  public Adadelta(double learningRate, double rho, double epsilon) {
    this(learningRate, null, rho, epsilon);
  }

  public Adadelta(LearningRateSchedule learningRate, double rho, double epsilon) {
    this(Double.NaN, requireSchedule(learningRate), rho, epsilon);
  }

  private Adadelta(double learningRate, LearningRateSchedule schedule, double rho, double epsilon) {
    super("adadelta", learningRate, schedule);
    this.rho = unitInterval("rho", rho);
    this.epsilon = nonNegative("epsilon", epsilon);
  }

  @Override
  protected void build(Ops tf, List<KerasVariable> vars) {
    List<List<KerasVariable>> s = addOptimizerVariables(tf, vars, List.of("accumulated_grad", "accumulated_delta_var"),
        new float[] {0f, 0f});
    accumulatedGrads = s.get(0);
    accumulatedDeltaVars = s.get(1);
  }

  private Operand<TFloat32> rms(Ops tf, Operand<TFloat32> x) {
    return tf.math.sqrt(tf.math.add(x, tf.constant((float) epsilon)));
  }

  @Override
  protected Op updateStep(Ops tf, Operand<TFloat32> grad, KerasVariable var, Operand<TFloat32> lr,
      Operand<TFloat32> localStep) {
    int i = variableIndex(var);
    KerasVariable accGrad = accumulatedGrads.get(i);
    KerasVariable accDelta = accumulatedDeltaVars.get(i);
    Operand<TFloat32> r = tf.constant((float) rho);
    Operand<TFloat32> oneMinusRho = tf.constant((float) (1 - rho)); // in double, then float32, as Keras
    Operand<TFloat32> newAccGrad = assignAndRead(tf, accGrad,
        tf.math.add(tf.math.mul(r, accGrad.value()), tf.math.mul(oneMinusRho, tf.math.square(grad))));
    Operand<TFloat32> delta = tf.math.neg(tf.math.div(tf.math.mul(rms(tf, accDelta.value()), grad), rms(tf, newAccGrad)));
    Op newAccDelta = accDelta.assign(tf,
        tf.math.add(tf.math.mul(r, accDelta.value()), tf.math.mul(oneMinusRho, tf.math.square(delta))));
    return var.assignAddProduct(tf.withControlDependencies(List.of(newAccDelta)), delta, lr);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("rho", rho);
    c.put("epsilon", epsilon);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static Adadelta fromConfig(Map<String, Object> config) {
    Config c = readConfig("Adadelta", config);
    LearningRateSchedule s = scheduleOf(c);
    double rho = c.getDouble("rho", 0.95);
    double eps = c.getDouble("epsilon", 1e-7);
    return withBaseConfig(s != null ? new Adadelta(s, rho, eps) : new Adadelta(c.getDouble("learning_rate", 0.001), rho, eps), c);
  }
}
