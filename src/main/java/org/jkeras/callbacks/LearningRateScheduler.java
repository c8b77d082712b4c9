package org.jkeras.callbacks;

import java.util.Map;
import org.jkeras.optimizers.Optimizer;
import org.jkeras.utils.PyFormat;

/**
 * Keras's {@code LearningRateScheduler(schedule, verbose=0)}: at the start of each epoch, sets the
 * optimizer's learning rate to {@code schedule.apply(epoch, currentRate)} (epoch counted from 0,
 * the current rate as a float32 value, as Keras reads it), and adds {@code learning_rate} to the
 * epoch's logs at its end. The optimizer must have a settable rate (a number, not a {@code
 * LearningRateSchedule}).
 *
 * <pre>{@code
 * new LearningRateScheduler((epoch, lr) -> epoch < 10 ? lr : lr * Math.exp(-0.1))
 * }</pre>
 */
public class LearningRateScheduler extends Callback {
  /** Keras's {@code schedule(epoch, lr)}: the rate for {@code epoch} (0-based) given the current one. */
  @FunctionalInterface
  public interface Schedule {
    double apply(int epoch, double learningRate);
  }

  private final Schedule schedule;
  private final int verbose;

  public LearningRateScheduler(Schedule schedule) {
    this(schedule, 0);
  }

  public LearningRateScheduler(Schedule schedule, int verbose) {
    if (schedule == null) {
      throw new IllegalArgumentException("LearningRateScheduler needs a `schedule` function. Received: schedule=null");
    }
    this.schedule = schedule;
    this.verbose = verbose;
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    Optimizer optimizer = model().optimizer();
    if (optimizer.schedule() != null) {
      throw new IllegalArgumentException("LearningRateScheduler needs an optimizer with a settable learning rate, but this"
          + " one was created with a LearningRateSchedule (" + optimizer.schedule().className() + ").");
    }
  }

  @Override
  public void onEpochBegin(int epoch, Map<String, Double> logs) {
    Optimizer optimizer = model().optimizer();
    double lr = schedule.apply(epoch, optimizer.learningRate());
    if (!Double.isFinite(lr) || lr < 0) {
      throw new IllegalArgumentException("The output of the `schedule` function should be a non-negative finite float."
          + " Got: " + lr + " for epoch " + epoch);
    }
    optimizer.setLearningRate(lr);
    if (verbose > 0) {
      printMsg("\nEpoch " + (epoch + 1) + ": LearningRateScheduler setting learning rate to " + PyFormat.repr(lr) + ".");
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    logs.put("learning_rate", model().optimizer().learningRate());
  }
}
