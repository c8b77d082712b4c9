package org.jkeras.optimizers;

import java.util.List;
import java.util.Map;
import org.jkeras.backend.KerasVariable;
import org.jkeras.optimizers.schedules.LearningRateSchedule;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code Nadam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7)}: Adam with
 * Nesterov momentum (Dozat, 2015), op for op as Keras's {@code update_step}. Each step first
 * multiplies {@code u_product} (a scalar variable, named {@code variable} as Keras names it) by
 * {@code u_t = beta_1 (1 - 0.5 * 0.96^t)}; then per weight {@code m += (g - m)(1 - beta_1); v +=
 * (g^2 - v)(1 - beta_2)}, {@code m_hat = u_{t+1} m / (1 - u_product u_{t+1}) + (1 - u_t) g / (1 -
 * u_product)}, {@code v_hat = v / (1 - beta_2^t)} and {@code w -= m_hat lr / (sqrt(v_hat) + eps)}.
 *
 * <p>Unlike Adam, Keras computes {@code 1 - beta} here in float32 (beta is cast to a tensor first),
 * and so does this class.
 */
public class Nadam extends Optimizer {
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private List<KerasVariable> momentums = List.of();
  private List<KerasVariable> velocities = List.of();
  private KerasVariable uProduct;

  public Nadam() {
    this(0.001);
  }

  public Nadam(double learningRate) {
    this(learningRate, 0.9, 0.999, 1e-7);
  }

  public Nadam(LearningRateSchedule learningRate) {
    this(learningRate, 0.9, 0.999, 1e-7);
  }

  public Nadam(double learningRate, double beta1, double beta2, double epsilon) {
    this(learningRate, null, beta1, beta2, epsilon);
  }

  public Nadam(LearningRateSchedule learningRate, double beta1, double beta2, double epsilon) {
    this(Double.NaN, requireSchedule(learningRate), beta1, beta2, epsilon);
  }

  private Nadam(double learningRate, LearningRateSchedule schedule, double beta1, double beta2, double epsilon) {
    super("nadam", learningRate, schedule);
    this.beta1 = unitInterval("beta_1", beta1);
    this.beta2 = unitInterval("beta_2", beta2);
    this.epsilon = nonNegative("epsilon", epsilon);
  }

  @Override
  protected void build(Ops tf, List<KerasVariable> vars) {
    List<List<KerasVariable>> mv = addOptimizerVariables(tf, vars, List.of("momentum", "velocity"), new float[] {0f, 0f});
    momentums = mv.get(0);
    velocities = mv.get(1);
    uProduct = addVariable("variable", Shape.scalar(), 1f);
  }

  /** {@code beta_1 (1 - 0.5 * 0.96^step)}, Keras's {@code u_t}. */
  private Operand<TFloat32> u(Ops tf, Operand<TFloat32> step) {
    Operand<TFloat32> decayPower = tf.math.pow(tf.constant(0.96f), step);
    return tf.math.mul(tf.constant((float) beta1), tf.math.sub(tf.constant(1f), tf.math.mul(tf.constant(0.5f), decayPower)));
  }

  /** Keras's {@code _backend_update_step}: {@code u_product = u_product * beta_1 * (1 - 0.5 * 0.96^t)} first. */
  @Override
  protected List<Op> beforeUpdates(Ops tf, Operand<TFloat32> localStep) {
    Operand<TFloat32> factor = tf.math.sub(tf.constant(1f),
        tf.math.mul(tf.constant(0.5f), tf.math.pow(tf.constant(0.96f), localStep)));
    return List.of(uProduct.assign(tf, tf.math.mul(tf.math.mul(uProduct.value(), tf.constant((float) beta1)), factor)));
  }

  @Override
  protected Op updateStep(Ops tf, Operand<TFloat32> grad, KerasVariable var, Operand<TFloat32> lr,
      Operand<TFloat32> localStep) {
    int i = variableIndex(var);
    KerasVariable m = momentums.get(i);
    KerasVariable v = velocities.get(i);
    Operand<TFloat32> one = tf.constant(1f);
    Operand<TFloat32> b1 = tf.constant((float) beta1);
    Operand<TFloat32> b2 = tf.constant((float) beta2);
    Operand<TFloat32> uT = u(tf, localStep);
    Operand<TFloat32> uT1 = u(tf, tf.math.add(localStep, one));
    Operand<TFloat32> uProductT = uProduct.read(tf); // after this step's update of it
    Operand<TFloat32> uProductT1 = tf.math.mul(uProductT, uT1);
    Operand<TFloat32> beta2Power = tf.math.pow(b2, localStep);
    Operand<TFloat32> newM = assignAddProductAndRead(tf, m, tf.math.sub(grad, m.value()), tf.math.sub(one, b1));
    Operand<TFloat32> newV = assignAddProductAndRead(tf, v, tf.math.sub(tf.math.square(grad), v.value()), tf.math.sub(one, b2));
    Operand<TFloat32> mHat = tf.math.add(
        tf.math.div(tf.math.mul(uT1, newM), tf.math.sub(one, uProductT1)),
        tf.math.div(tf.math.mul(tf.math.sub(one, uT), grad), tf.math.sub(one, uProductT)));
    Operand<TFloat32> vHat = tf.math.div(newV, tf.math.sub(one, beta2Power));
    return var.assignSub(tf, tf.math.div(tf.math.mul(mHat, lr), tf.math.add(tf.math.sqrt(vHat), tf.constant((float) epsilon))));
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
  public static Nadam fromConfig(Map<String, Object> config) {
    Config c = readConfig("Nadam", config);
    LearningRateSchedule s = scheduleOf(c);
    double b1 = c.getDouble("beta_1", 0.9);
    double b2 = c.getDouble("beta_2", 0.999);
    double eps = c.getDouble("epsilon", 1e-7);
    return withBaseConfig(s != null ? new Nadam(s, b1, b2, eps) : new Nadam(c.getDouble("learning_rate", 0.001), b1, b2, eps), c);
  }
}
