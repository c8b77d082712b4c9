package org.jkeras.callbacks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code CallbackList}: the callbacks of one {@code fit}, {@code evaluate} or {@code
 * predict}, each hook called on each in turn. As in Keras, a {@link History} is added for {@code
 * fit} and a {@link ProgbarLogger} when {@code verbose} is not 0, after the user's callbacks (so
 * the bar shows what they add to the logs, such as {@code learning_rate}).
 */
public final class CallbackList {
  private final List<Callback> callbacks = new ArrayList<>();
  private History history;

  /**
   * @param params Keras's {@code callback.params}: {@code epochs}, {@code steps}, {@code verbose}
   *     and {@code metrics} (the keys every epoch's logs will have)
   */
  public CallbackList(List<Callback> userCallbacks, boolean addHistory, boolean addProgbar, CallbackModel model,
      Map<String, Object> params) {
    callbacks.addAll(userCallbacks);
    for (Callback c : callbacks) {
      if (c instanceof History h) {
        history = h;
      }
    }
    if (history == null && addHistory) {
      history = new History();
      callbacks.add(history);
    }
    if (addProgbar && callbacks.stream().noneMatch(c -> c instanceof ProgbarLogger)) {
      callbacks.add(new ProgbarLogger());
    }
    for (Callback c : callbacks) {
      c.setModel(model);
      c.setParams(params);
    }
  }

  /** The History of a {@code fit} (the user's if one was given). */
  public History history() {
    return history;
  }

  public List<Callback> callbacks() {
    return Collections.unmodifiableList(callbacks);
  }

  public void onTrainBegin(Map<String, Double> logs) {
    callbacks.forEach(c -> c.onTrainBegin(logs));
  }

  public void onTrainEnd(Map<String, Double> logs) {
    callbacks.forEach(c -> c.onTrainEnd(logs));
  }

  public void onEpochBegin(int epoch, Map<String, Double> logs) {
    callbacks.forEach(c -> c.onEpochBegin(epoch, logs));
  }

  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    callbacks.forEach(c -> c.onEpochEnd(epoch, logs));
  }

  public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
    callbacks.forEach(c -> c.onTrainBatchBegin(batch, logs));
  }

  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    callbacks.forEach(c -> c.onTrainBatchEnd(batch, logs));
  }

  public void onTestBegin(Map<String, Double> logs) {
    callbacks.forEach(c -> c.onTestBegin(logs));
  }

  public void onTestEnd(Map<String, Double> logs) {
    callbacks.forEach(c -> c.onTestEnd(logs));
  }

  public void onTestBatchBegin(int batch, Map<String, Double> logs) {
    callbacks.forEach(c -> c.onTestBatchBegin(batch, logs));
  }

  public void onTestBatchEnd(int batch, Map<String, Double> logs) {
    callbacks.forEach(c -> c.onTestBatchEnd(batch, logs));
  }

  public void onPredictBegin(Map<String, Double> logs) {
    callbacks.forEach(c -> c.onPredictBegin(logs));
  }

  public void onPredictEnd(Map<String, Double> logs) {
    callbacks.forEach(c -> c.onPredictEnd(logs));
  }

  public void onPredictBatchBegin(int batch, Map<String, Double> logs) {
    callbacks.forEach(c -> c.onPredictBatchBegin(batch, logs));
  }

  public void onPredictBatchEnd(int batch, Map<String, Double> logs) {
    callbacks.forEach(c -> c.onPredictBatchEnd(batch, logs));
  }
}
