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
 * Keras's {@code Ftrl(learning_rate=0.001, learning_rate_power=-0.5, initial_accumulator_value=0.1,
 * l1_regularization_strength=0.0, l2_regularization_strength=0.0,
 * l2_shrinkage_regularization_strength=0.0, beta=0.0)}: Follow The Regularized Leader (McMahan et
 * al., 2013), op for op as Keras's {@code update_step}, with {@code p = -learning_rate_power}:
 * {@code n' = n + g^2; z += g + 2 l2s w - (n'^p - n^p) / lr * w; w = (clip(z, -l1, l1) - z) /
 * (n'^p / lr + 2 (l2 + beta / (2 lr))); n = n'}. The weight is set, not moved: it is 0 wherever
 * {@code |z| <= l1}.
 */
public class Ftrl extends Optimizer {
  private final double learningRatePower;
  private final double initialAccumulatorValue;
  private final double l1;
  private final double l2;
  private final double l2Shrinkage;
  private final double beta;
  private List<KerasVariable> accumulators = List.of();
  private List<KerasVariable> linears = List.of();

  public Ftrl() {
    this(0.001);
  }

  public Ftrl(double learningRate) {
    this(learningRate, -0.5, 0.1, 0.0, 0.0, 0.0, 0.0);
  }

  public Ftrl(LearningRateSchedule learningRate) {
    this(learningRate, -0.5, 0.1, 0.0, 0.0, 0.0, 0.0);
  }

  /** Keras's positional arguments, in Keras's order. */
  public Ftrl(double learningRate, double learningRatePower, double initialAccumulatorValue, double l1RegularizationStrength,
      double l2RegularizationStrength, double l2ShrinkageRegularizationStrength, double beta) {
    this(learningRate, null, learningRatePower, initialAccumulatorValue, l1RegularizationStrength, l2RegularizationStrength,
        l2ShrinkageRegularizationStrength, beta);
  }

  public Ftrl(LearningRateSchedule learningRate, double learningRatePower, double initialAccumulatorValue,
      double l1RegularizationStrength, double l2RegularizationStrength, double l2ShrinkageRegularizationStrength,
      double beta) {
    this(Double.NaN, requireSchedule(learningRate), learningRatePower, initialAccumulatorValue, l1RegularizationStrength,
        l2RegularizationStrength, l2ShrinkageRegularizationStrength, beta);
  }

  private Ftrl(double learningRate, LearningRateSchedule schedule, double learningRatePower, double initialAccumulatorValue,
      double l1, double l2, double l2Shrinkage, double beta) {
    super("ftrl", learningRate, schedule);
    if (!(initialAccumulatorValue >= 0)) {
      throw new IllegalArgumentException("`initial_accumulator_value` needs to be positive or zero. Received:"
          + " initial_accumulator_value=" + initialAccumulatorValue + ".");
    }
    if (!(learningRatePower <= 0)) {
      throw new IllegalArgumentException(
          "`learning_rate_power` needs to be negative or zero. Received: learning_rate_power=" + learningRatePower + ".");
    }
    this.learningRatePower = learningRatePower;
    this.initialAccumulatorValue = initialAccumulatorValue;
    this.l1 = nonNegativeStrength("l1_regularization_strength", l1);
    this.l2 = nonNegativeStrength("l2_regularization_strength", l2);
    this.l2Shrinkage = nonNegativeStrength("l2_shrinkage_regularization_strength", l2Shrinkage);
    this.beta = beta;
  }

  private static double nonNegativeStrength(String arg, double value) {
    if (!(value >= 0)) {
      throw new IllegalArgumentException("`" + arg + "` needs to be positive or zero. Received: " + arg + "=" + value + ".");
    }
    return value;
  }

  @Override
  protected void build(Ops tf, List<KerasVariable> vars) {
    List<List<KerasVariable>> s = addOptimizerVariables(tf, vars, List.of("accumulator", "linear"),
        new float[] {(float) initialAccumulatorValue, 0f});
    accumulators = s.get(0);
    linears = s.get(1);
  }

  @Override
  protected Op updateStep(Ops tf, Operand<TFloat32> grad, KerasVariable var, Operand<TFloat32> lr,
      Operand<TFloat32> localStep) {
    int i = variableIndex(var);
    KerasVariable accum = accumulators.get(i);
    KerasVariable linear = linears.get(i);
    Operand<TFloat32> power = tf.constant((float) -learningRatePower);
    // Python floats where Keras has them (2 * l2s in double), float32 ops where it has tensors.
    Operand<TFloat32> l2Reg = tf.math.add(tf.constant((float) l2),
        tf.math.div(tf.constant((float) beta), tf.math.mul(tf.constant(2f), lr)));
    Operand<TFloat32> w = var.read(tf); // after this step's weight decay, if any
    Operand<TFloat32> gradToUse = tf.math.add(grad, tf.math.mul(tf.constant((float) (2 * l2Shrinkage)), w));
    Operand<TFloat32> newAccum = tf.math.add(accum.value(), tf.math.square(grad));
    Operand<TFloat32> rootChange = tf.math.div(
        tf.math.sub(tf.math.pow(newAccum, power), tf.math.pow(accum.value(), power)), lr);
    Op linearAdd = linear.assignAdd(tf, tf.math.sub(gradToUse, tf.math.mul(rootChange, w)));
    Operand<TFloat32> newLinear = linear.read(tf.withControlDependencies(List.of(linearAdd)));
    Operand<TFloat32> quadratic = tf.math.add(tf.math.div(tf.math.pow(newAccum, power), lr), tf.math.mul(tf.constant(2f), l2Reg));
    Operand<TFloat32> clipped = tf.clipByValue(newLinear, tf.constant((float) -l1), tf.constant((float) l1));
    Op newW = var.assign(tf, tf.math.div(tf.math.sub(clipped, newLinear), quadratic));
    Op newAccumOp = accum.assign(tf.withControlDependencies(List.of(newW)), newAccum);
    return tf.withControlDependencies(List.of(newW, newAccumOp)).noOp();
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("learning_rate_power", learningRatePower);
    c.put("initial_accumulator_value", initialAccumulatorValue);
    c.put("l1_regularization_strength", l1);
    c.put("l2_regularization_strength", l2);
    c.put("l2_shrinkage_regularization_strength", l2Shrinkage);
    c.put("beta", beta);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static Ftrl fromConfig(Map<String, Object> config) {
    Config c = readConfig("Ftrl", config);
    LearningRateSchedule s = scheduleOf(c);
    double power = c.getDouble("learning_rate_power", -0.5);
    double initial = c.getDouble("initial_accumulator_value", 0.1);
    double l1 = c.getDouble("l1_regularization_strength", 0.0);
    double l2 = c.getDouble("l2_regularization_strength", 0.0);
    double l2s = c.getDouble("l2_shrinkage_regularization_strength", 0.0);
    double beta = c.getDouble("beta", 0.0);
    return withBaseConfig(s != null ? new Ftrl(s, power, initial, l1, l2, l2s, beta)
        : new Ftrl(c.getDouble("learning_rate", 0.001), power, initial, l1, l2, l2s, beta), c);
  }
}
