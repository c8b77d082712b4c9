package org.jkeras.optimizers;

import org.jkeras.optimizers.schedules.LearningRateSchedule;

/**
 * Keras's {@code AdamW(learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999,
 * epsilon=1e-7)}: Adam with decoupled weight decay. Each step first shrinks every trainable weight,
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
    super("adamw", learningRate, null, beta1, beta2, epsilon);
    weightDecay(weightDecay);
  }

  public AdamW(LearningRateSchedule learningRate, double weightDecay, double beta1, double beta2, double epsilon) {
    super("adamw", Double.NaN, requireSchedule(learningRate), beta1, beta2, epsilon);
    weightDecay(weightDecay);
  }
}
