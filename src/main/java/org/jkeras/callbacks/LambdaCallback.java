package org.jkeras.callbacks;

import java.util.Map;

/**
 * Keras's {@code LambdaCallback(on_epoch_begin=None, on_epoch_end=None, on_train_begin=None,
 * on_train_end=None, on_train_batch_begin=None, on_train_batch_end=None)}: a callback made of Java
 * lambdas, each set with the setter of Keras's argument name; hooks not set do nothing.
 *
 * <pre>{@code
 * new LambdaCallback()
 *     .onEpochEnd((epoch, logs) -> System.out.println(epoch + ": " + logs.get("loss")))
 *     .onTrainEnd(logs -> System.out.println("done"))
 * }</pre>
 *
 * <p>{@code onBatchBegin}/{@code onBatchEnd} are Keras's {@code on_batch_begin}/{@code
 * on_batch_end}, which Keras calls for training batches: the same hooks as {@code
 * onTrainBatchBegin}/{@code onTrainBatchEnd}.
 */
public class LambdaCallback extends Callback {
  /** A hook of the whole fit: {@code on_train_begin(logs)}, {@code on_train_end(logs)}. */
  @FunctionalInterface
  public interface LogsHook {
    void call(Map<String, Double> logs);
  }

  /** A hook of an epoch or a batch: {@code on_epoch_end(epoch, logs)}, {@code on_train_batch_end(batch, logs)}. */
  @FunctionalInterface
  public interface IndexHook {
    void call(int index, Map<String, Double> logs);
  }

  private IndexHook epochBegin;
  private IndexHook epochEnd;
  private LogsHook trainBegin;
  private LogsHook trainEnd;
  private IndexHook trainBatchBegin;
  private IndexHook trainBatchEnd;

  public LambdaCallback onEpochBegin(IndexHook hook) {
    epochBegin = hook;
    return this;
  }

  public LambdaCallback onEpochEnd(IndexHook hook) {
    epochEnd = hook;
    return this;
  }

  public LambdaCallback onTrainBegin(LogsHook hook) {
    trainBegin = hook;
    return this;
  }

  public LambdaCallback onTrainEnd(LogsHook hook) {
    trainEnd = hook;
    return this;
  }

  public LambdaCallback onTrainBatchBegin(IndexHook hook) {
    trainBatchBegin = hook;
    return this;
  }

  public LambdaCallback onTrainBatchEnd(IndexHook hook) {
    trainBatchEnd = hook;
    return this;
  }

  /** Keras's {@code on_batch_begin}: the training batches' hook. */
  public LambdaCallback onBatchBegin(IndexHook hook) {
    return onTrainBatchBegin(hook);
  }

  /** Keras's {@code on_batch_end}: the training batches' hook. */
  public LambdaCallback onBatchEnd(IndexHook hook) {
    return onTrainBatchEnd(hook);
  }

  @Override
  public void onEpochBegin(int epoch, Map<String, Double> logs) {
    if (epochBegin != null) {
      epochBegin.call(epoch, logs);
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    if (epochEnd != null) {
      epochEnd.call(epoch, logs);
    }
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    if (trainBegin != null) {
      trainBegin.call(logs);
    }
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    if (trainEnd != null) {
      trainEnd.call(logs);
    }
  }

  @Override
  public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
    if (trainBatchBegin != null) {
      trainBatchBegin.call(batch, logs);
    }
  }

  @Override
  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    if (trainBatchEnd != null) {
      trainBatchEnd.call(batch, logs);
    }
  }
}
