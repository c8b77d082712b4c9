package org.jkeras.callbacks;

import java.io.PrintStream;
import java.util.Map;

/**
 * Keras's {@code Callback}: hooks called by {@code fit}, {@code evaluate} and {@code predict}.
 * {@code logs} maps metric names ({@code loss}, {@code accuracy}, {@code val_loss}...) to values.
 * A callback stops training with {@code model().setStopTraining(true)}, as Keras's {@code
 * self.model.stop_training = True}.
 */
public abstract class Callback {
  private CallbackModel model;
  private Map<String, Object> params = Map.of();

  public void setModel(CallbackModel model) {
    this.model = model;
  }

  /** The model this callback runs with (Keras's {@code self.model}). */
  public CallbackModel model() {
    return model;
  }

  /** {@code epochs}, {@code steps}, {@code verbose}. */
  public void setParams(Map<String, Object> params) {
    this.params = params;
  }

  public Map<String, Object> params() {
    return params;
  }

  /** Keras's {@code io_utils.print_msg}: a line on the model's progress output. */
  protected void printMsg(String message) {
    PrintStream out = model != null ? model.out() : System.out;
    out.println(message);
  }

  public void onTrainBegin(Map<String, Double> logs) {}

  public void onTrainEnd(Map<String, Double> logs) {}

  public void onEpochBegin(int epoch, Map<String, Double> logs) {}

  public void onEpochEnd(int epoch, Map<String, Double> logs) {}

  public void onTrainBatchBegin(int batch, Map<String, Double> logs) {}

  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {}

  public void onTestBegin(Map<String, Double> logs) {}

  public void onTestEnd(Map<String, Double> logs) {}

  public void onTestBatchBegin(int batch, Map<String, Double> logs) {}

  public void onTestBatchEnd(int batch, Map<String, Double> logs) {}

  public void onPredictBegin(Map<String, Double> logs) {}

  public void onPredictEnd(Map<String, Double> logs) {}

  public void onPredictBatchBegin(int batch, Map<String, Double> logs) {}

  public void onPredictBatchEnd(int batch, Map<String, Double> logs) {}
}
