package org.jkeras.cli;

import java.util.Map;
import org.jkeras.callbacks.Callback;

/**
 * Adds the optimizer's current learning rate to each epoch's logs as {@code learning_rate} (the key
 * Keras 3's ReduceLROnPlateau and TensorBoard use), so the CLI's progress line and history.csv show
 * it. For a schedule it is the rate the next step will use, as Keras's {@code optimizer.learning_rate}.
 */
final class LearningRateLogger extends Callback {
  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    logs.put("learning_rate", model().optimizer().learningRate());
  }
}
