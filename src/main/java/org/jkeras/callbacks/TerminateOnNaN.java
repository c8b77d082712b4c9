package org.jkeras.callbacks;

import java.util.Map;

/**
 * Keras's {@code TerminateOnNaN(raise_error=False)}: when a batch ends with a NaN or infinite
 * {@code loss}, stops training (the epoch ends at that batch, as Keras 3), or with {@code
 * raiseError} throws at once.
 */
public class TerminateOnNaN extends Callback {
  private final boolean raiseError;
  private Integer terminatedAtBatch;

  public TerminateOnNaN() {
    this(false);
  }

  public TerminateOnNaN(boolean raiseError) {
    this.raiseError = raiseError;
  }

  /** The batch (0-based, within its epoch) whose loss was not finite, or null. */
  public Integer terminatedAtBatch() {
    return terminatedAtBatch;
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    terminatedAtBatch = null;
  }

  @Override
  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    Double loss = logs == null ? null : logs.get("loss");
    if (loss != null && (loss.isNaN() || loss.isInfinite())) {
      terminatedAtBatch = batch;
      if (raiseError) {
        throw new IllegalStateException("NaN or Inf loss encountered at batch " + batch + ". Loss value: " + loss
            + ". Terminating training immediately.");
      }
      printMsg("Batch " + batch + ": Invalid loss, terminating training");
      model().setStopTraining(true);
    }
  }
}
