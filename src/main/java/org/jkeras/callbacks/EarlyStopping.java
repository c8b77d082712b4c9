package org.jkeras.callbacks;

import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Keras's {@code EarlyStopping(monitor="val_loss", min_delta=0, patience=0, verbose=0, mode="auto",
 * baseline=None, restore_best_weights=False, start_from_epoch=0)}: stops training when
 * {@code monitor} has not improved for {@code patience} epochs; with {@code restoreBestWeights},
 * the model ends with the weights of its best epoch.
 *
 * <pre>{@code
 * model.fit(train, epochs(50), validationData(val),
 *     callbacks(new EarlyStopping("val_loss", 3).restoreBestWeights(true)));
 * }</pre>
 */
public class EarlyStopping extends MonitorCallback {
  private final int patience;
  private int verbose;
  private boolean restoreBestWeights;
  private int startFromEpoch;

  private int wait;
  private int stoppedEpoch;
  private int bestEpoch;
  private List<FloatNdArray> bestWeights;

  /** {@code EarlyStopping()}: monitor val_loss, patience 0. */
  public EarlyStopping() {
    this("val_loss", 0);
  }

  public EarlyStopping(String monitor, int patience) {
    super(monitor, 0.0);
    if (patience < 0) {
      throw new IllegalArgumentException("EarlyStopping needs `patience` >= 0. Received: patience=" + patience);
    }
    this.patience = patience;
  }

  public EarlyStopping minDelta(double minDelta) {
    setMinDelta(minDelta);
    return this;
  }

  public EarlyStopping mode(String mode) {
    setMode(mode);
    return this;
  }

  public EarlyStopping baseline(Double baseline) {
    setBaseline(baseline);
    return this;
  }

  public EarlyStopping verbose(int verbose) {
    this.verbose = verbose;
    return this;
  }

  public EarlyStopping restoreBestWeights(boolean restore) {
    this.restoreBestWeights = restore;
    return this;
  }

  public EarlyStopping startFromEpoch(int epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("EarlyStopping needs `start_from_epoch` >= 0. Received: start_from_epoch=" + epoch);
    }
    this.startFromEpoch = epoch;
    return this;
  }

  public int patience() {
    return patience;
  }

  /** Keras's {@code stopped_epoch}: the epoch (0-based) at which training was stopped, 0 if it was not. */
  public int stoppedEpoch() {
    return stoppedEpoch;
  }

  /** Keras's {@code best_epoch} (0-based). */
  public int bestEpoch() {
    return bestEpoch;
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    resolveMonitor();
    wait = 0;
    stoppedEpoch = 0;
    best = null;
    bestWeights = null;
    bestEpoch = 0;
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    Double current = monitorValue(logs);
    if (current == null || epoch < startFromEpoch) {
      return;
    }
    if (restoreBestWeights && bestWeights == null) {
      bestWeights = model().getWeights();
      bestEpoch = epoch;
    }
    wait++;
    if (isImprovement(current, best)) {
      best = current;
      bestEpoch = epoch;
      if (restoreBestWeights) {
        bestWeights = model().getWeights();
      }
      if (baseline() == null || isImprovement(current, baseline())) {
        wait = 0;
      }
      return;
    }
    if (wait >= patience && epoch > 0) {
      stoppedEpoch = epoch;
      model().setStopTraining(true);
    }
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    if (stoppedEpoch > 0 && verbose > 0) {
      printMsg("Epoch " + (stoppedEpoch + 1) + ": early stopping");
    }
    if (restoreBestWeights && bestWeights != null) {
      if (verbose > 0) {
        printMsg("Restoring model weights from the end of the best epoch: " + (bestEpoch + 1) + ".");
      }
      model().setWeights(bestWeights);
    }
  }
}
