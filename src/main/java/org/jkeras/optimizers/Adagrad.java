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
 * Keras's {@code Adagrad(learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7)}:
 * {@code a += g^2; w -= lr g / sqrt(a + eps)}, the accumulator starting at {@code
 * initial_accumulator_value}.
 */
public class Adagrad extends Optimizer {
  private final double initialAccumulatorValue;
  private final double epsilon;
  private List<KerasVariable> accumulators = List.of();

  public Adagrad() {
    this(0.001);
  }

  public Adagrad(double learningRate) {
    this(learningRate, 0.1, 1e-7);
  }

  public Adagrad(LearningRateSchedule learningRate) {
    this(learningRate, 0.1, 1e-7);
  }

  public Adagrad(double learningRate, double initialAccumulatorValue, double epsilon) {
    this(learningRate, null, initialAccumulatorValue, epsilon);
  }

  public Adagrad(LearningRateSchedule learningRate, double initialAccumulatorValue, double epsilon) {
    this(Double.NaN, requireSchedule(learningRate), initialAccumulatorValue, epsilon);
  }

  private Adagrad(double learningRate, LearningRateSchedule schedule, double initialAccumulatorValue, double epsilon) {
    super("adagrad", learningRate, schedule);
    this.initialAccumulatorValue = nonNegative("initial_accumulator_value", initialAccumulatorValue);
    this.epsilon = nonNegative("epsilon", epsilon);
  }

  @Override
  protected void build(Ops tf, List<KerasVariable> vars) {
    accumulators = addOptimizerVariables(tf, vars, List.of("accumulator"), new float[] {(float) initialAccumulatorValue}).get(0);
  }

  @Override
  protected Op updateStep(Ops tf, Operand<TFloat32> grad, KerasVariable var, Operand<TFloat32> lr,
      Operand<TFloat32> localStep) {
    KerasVariable acc = accumulators.get(variableIndex(var));
    Op newAcc = acc.assignAdd(tf, tf.math.square(grad));
    Operand<TFloat32> a = acc.read(tf.withControlDependencies(List.of(newAcc)));
    return var.assignSub(tf,
        tf.math.div(tf.math.mul(lr, grad), tf.math.sqrt(tf.math.add(a, tf.constant((float) epsilon)))));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("initial_accumulator_value", initialAccumulatorValue);
    c.put("epsilon", epsilon);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static Adagrad fromConfig(Map<String, Object> config) {
    Config c = readConfig("Adagrad", config);
    LearningRateSchedule s = scheduleOf(c);
    double initial = c.getDouble("initial_accumulator_value", 0.1);
    double eps = c.getDouble("epsilon", 1e-7);
    return withBaseConfig(s != null ? new Adagrad(s, initial, eps) : new Adagrad(c.getDouble("learning_rate", 0.001), initial, eps), c);
  }
}
