package org.jkeras.optimizers;

import java.util.Map;
import org.jkeras.optimizers.schedules.LearningRateSchedule;
import org.jkeras.saving.serialization.Config;

/**
 * Keras's {@code AdamW(learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999,
 * epsilon=1e-7, amsgrad=False)}: Adam with decoupled weight decay. Each step first shrinks every trainable weight,
 * {@code w -= w * weight_decay * lr}, then applies Adam's update.
 */
public class AdamW extends Adam {

  public AdamW() {
    this(0.001);
  }

  public AdamW(double learningRate) {
    this(learningRate, 0.004);
  }

  public AdamW(LearningRateSchedule learningRate) {
    this(learningRate, 0.004, 0.9, 0.999, 1e-7);
  }

  public AdamW(double learningRate, double weightDecay) {
    this(learningRate, weightDecay, 0.9, 0.999, 1e-7);
  }

  public AdamW(double learningRate, double weightDecay, double beta1, double beta2, double epsilon) {
    super("adam_w", learningRate, null, beta1, beta2, epsilon);
    weightDecay(weightDecay);
  }

  public AdamW(LearningRateSchedule learningRate, double weightDecay, double beta1, double beta2, double epsilon) {
    super("adam_w", Double.NaN, requireSchedule(learningRate), beta1, beta2, epsilon);
    weightDecay(weightDecay);
  }

  @Override
  public AdamW amsgrad(boolean value) {
    super.amsgrad(value);
    return this;
  }

  /** Keras's {@code from_config}. */
  public static AdamW fromConfig(Map<String, Object> config) {
    Config c = readConfig("AdamW", config);
    LearningRateSchedule s = scheduleOf(c);
    double wd = c.getDouble("weight_decay", 0.004);
    double b1 = c.getDouble("beta_1", 0.9);
    double b2 = c.getDouble("beta_2", 0.999);
    double eps = c.getDouble("epsilon", 1e-7);
    AdamW adamW = s != null ? new AdamW(s, wd, b1, b2, eps) : new AdamW(c.getDouble("learning_rate", 0.001), wd, b1, b2, eps);
    return withBaseConfig(adamW.amsgrad(c.getBoolean("amsgrad", false)), c);
  }
}
