package org.jkeras.callbacks;

import java.util.Map;
import org.jkeras.utils.Progbar;

/**
 * Keras's {@code ProgbarLogger}: prints {@code Epoch i/N} (when there is more than one epoch, as
 * Keras) and a progress bar for each epoch of {@code fit} (a live bar on a terminal with {@code
 * verbose=1}, one line per epoch otherwise), and a bar for {@code evaluate} and {@code predict}.
 * The validation inside {@code fit} prints nothing: its values appear on the epoch's line. The bar
 * closes at the number of steps planned, as Keras's, even when training stopped earlier in the
 * epoch.
 */
public class ProgbarLogger extends Callback {
  private Progbar bar;
  private int seen;
  private boolean inFit;

  private int verbose() {
    Object v = params().get("verbose");
    return v instanceof Integer i ? i : 1;
  }

  private Progbar newBar() {
    Object steps = params().get("steps");
    return new Progbar(steps instanceof Number n ? n.intValue() : null, model().out(),
        verbose() == 1 && Progbar.interactive());
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    inFit = true;
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    inFit = false;
  }

  @Override
  public void onEpochBegin(int epoch, Map<String, Double> logs) {
    bar = newBar();
    seen = 0;
    Object epochs = params().get("epochs");
    if (verbose() != 0 && epochs instanceof Number n && n.intValue() > 1) {
      model().out().println("Epoch " + (epoch + 1) + "/" + epochs);
    }
  }

  /** Keras's {@code _finalize_progbar}: the bar closes at the target (the steps planned), else at the steps seen. */
  private void finish(Map<String, Double> logs) {
    Object steps = params().get("steps");
    bar.update(steps instanceof Number n ? n.intValue() : seen, logs, true);
  }

  @Override
  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    seen = batch + 1;
    bar.update(seen, logs, false);
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    finish(logs);
  }

  @Override
  public void onTestBegin(Map<String, Double> logs) {
    if (!inFit) {
      bar = newBar();
      seen = 0;
    }
  }

  @Override
  public void onTestBatchEnd(int batch, Map<String, Double> logs) {
    if (!inFit) {
      seen = batch + 1;
      bar.update(seen, logs, false);
    }
  }

  @Override
  public void onTestEnd(Map<String, Double> logs) {
    if (!inFit) {
      finish(logs);
    }
  }

  @Override
  public void onPredictBegin(Map<String, Double> logs) {
    bar = newBar();
    seen = 0;
  }

  @Override
  public void onPredictBatchEnd(int batch, Map<String, Double> logs) {
    seen = batch + 1;
    bar.update(seen, Map.of(), false);
  }

  @Override
  public void onPredictEnd(Map<String, Double> logs) {
    finish(Map.of());
  }
}
