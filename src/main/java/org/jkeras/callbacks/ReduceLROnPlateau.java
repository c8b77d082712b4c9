package org.jkeras.callbacks;

import java.util.Map;
import org.jkeras.optimizers.Optimizer;

/**
 * Keras's {@code ReduceLROnPlateau(monitor="val_loss", factor=0.1, patience=10, verbose=0,
 * mode="auto", min_delta=1e-4, cooldown=0, min_lr=0.0)}: multiplies the optimizer's learning rate
 * by {@code factor} (not below {@code min_lr}) when {@code monitor} has not improved for
 * {@code patience} epochs, then waits {@code cooldown} epochs. Adds {@code learning_rate} (the
 * rate in force during the epoch that ended) to the epoch logs, as Keras 3.
 */
public class ReduceLROnPlateau extends MonitorCallback {
  private final double factor;
  private final int patience;
  private int verbose;
  private int cooldown;
  private double minLr;

  private int wait;
  private int cooldownCounter;

  public ReduceLROnPlateau() {
    this("val_loss", 0.1, 10);
  }

  public ReduceLROnPlateau(String monitor, double factor, int patience) {
    super(monitor, 1e-4);
    if (!(factor >= 0 && factor < 1)) {
      throw new IllegalArgumentException(
          "ReduceLROnPlateau does not support a factor >= 1.0, negative or NaN. Received factor=" + factor);
    }
    if (patience < 0) {
      throw new IllegalArgumentException("ReduceLROnPlateau needs `patience` >= 0. Received: patience=" + patience);
    }
    this.factor = factor;
    this.patience = patience;
  }

  public ReduceLROnPlateau minDelta(double minDelta) {
    setMinDelta(minDelta);
    return this;
  }

  public ReduceLROnPlateau mode(String mode) {
    setMode(mode);
    return this;
  }

  public ReduceLROnPlateau verbose(int verbose) {
    this.verbose = verbose;
    return this;
  }

  public ReduceLROnPlateau cooldown(int cooldown) {
    if (cooldown < 0) {
      throw new IllegalArgumentException("ReduceLROnPlateau needs `cooldown` >= 0. Received: cooldown=" + cooldown);
    }
    this.cooldown = cooldown;
    return this;
  }

  public ReduceLROnPlateau minLr(double minLr) {
    if (!Double.isFinite(minLr) || minLr < 0) {
      throw new IllegalArgumentException("ReduceLROnPlateau needs a non-negative finite `min_lr`. Received: min_lr=" + minLr);
    }
    this.minLr = minLr;
    return this;
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    resolveMonitor();
    if (model().optimizer().schedule() != null) {
      throw new IllegalArgumentException(
          "ReduceLROnPlateau needs an optimizer with a settable learning rate, but this one was created with a"
              + " LearningRateSchedule (" + model().optimizer().schedule().className() + ").");
    }
    best = null;
    cooldownCounter = 0;
    wait = 0;
  }

  private boolean inCooldown() {
    return cooldownCounter > 0;
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    Optimizer optimizer = model().optimizer();
    logs.put("learning_rate", optimizer.learningRate());
    Double current = monitorValue(logs);
    if (current == null) {
      printMsg("WARNING: Learning rate reduction is conditioned on metric `" + monitor()
          + "` which is not available. Available metrics are: " + String.join(",", logs.keySet()) + ".");
      return;
    }
    if (inCooldown()) {
      cooldownCounter--;
      wait = 0;
    }
    if (isImprovement(current, best)) {
      best = current;
      wait = 0;
    } else if (!inCooldown()) {
      wait++;
      if (wait >= patience) {
        double oldLr = optimizer.learningRate();
        if (oldLr > (float) minLr) {
          double newLr = Math.max(oldLr * factor, minLr);
          optimizer.setLearningRate(newLr);
          if (verbose > 0) {
            printMsg("\nEpoch " + (epoch + 1) + ": ReduceLROnPlateau reducing learning rate to " + newLr + ".");
          }
          cooldownCounter = cooldown;
          wait = 0;
        }
      }
    }
  }
}
