package org.jkeras.callbacks;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.callbacks;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.validationSplit;
import static org.jkeras.Kwargs.verbose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jkeras.TestUtil;
import org.jkeras.layers.Dense;
import org.jkeras.models.Sequential;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;

/** Keras's callback hooks, in Keras's order, for fit (with validation), evaluate and predict. */
class CallbackListTest {

  static final class Recorder extends Callback {
    final List<String> calls = new ArrayList<>();

    @Override public void onTrainBegin(Map<String, Double> logs) { calls.add("train_begin"); }
    @Override public void onTrainEnd(Map<String, Double> logs) { calls.add("train_end"); }
    @Override public void onEpochBegin(int epoch, Map<String, Double> logs) { calls.add("epoch_begin " + epoch); }
    @Override public void onEpochEnd(int epoch, Map<String, Double> logs) { calls.add("epoch_end " + epoch + " " + logs.keySet()); }
    @Override public void onTrainBatchBegin(int batch, Map<String, Double> logs) { calls.add("train_batch_begin " + batch); }
    @Override public void onTrainBatchEnd(int batch, Map<String, Double> logs) { calls.add("train_batch_end " + batch); }
    @Override public void onTestBegin(Map<String, Double> logs) { calls.add("test_begin"); }
    @Override public void onTestEnd(Map<String, Double> logs) { calls.add("test_end " + logs.keySet()); }
    @Override public void onTestBatchBegin(int batch, Map<String, Double> logs) { calls.add("test_batch_begin " + batch); }
    @Override public void onTestBatchEnd(int batch, Map<String, Double> logs) { calls.add("test_batch_end " + batch); }
    @Override public void onPredictBegin(Map<String, Double> logs) { calls.add("predict_begin"); }
    @Override public void onPredictEnd(Map<String, Double> logs) { calls.add("predict_end"); }
    @Override public void onPredictBatchBegin(int batch, Map<String, Double> logs) { calls.add("predict_batch_begin " + batch); }
    @Override public void onPredictBatchEnd(int batch, Map<String, Double> logs) { calls.add("predict_batch_end " + batch); }
  }

  @Test
  void fitEvaluateAndPredictCallTheirHooks() {
    FloatNdArray x = TestUtil.array(new float[] {1, 2}, new float[] {0, 1}, new float[] {2, 2}, new float[] {1, 0});
    FloatNdArray y = TestUtil.array(new float[] {1}, new float[] {0}, new float[] {1}, new float[] {0});
    try (Sequential m = new Sequential(new Dense(1).inputShape(2))) {
      m.compile("sgd", "mse");
      Recorder r = new Recorder();
      History h = m.fit(x, y, epochs(1), batchSize(2), validationSplit(0.5), verbose(0), callbacks(r));
      assertEquals(List.of("train_begin", "epoch_begin 0", "train_batch_begin 0", "train_batch_end 0", "test_begin",
          "test_batch_begin 0", "test_batch_end 0", "test_end [loss]", "epoch_end 0 [loss, val_loss]", "train_end"), r.calls);
      assertEquals(List.of(0), h.epoch());
      r.calls.clear();
      m.evaluate(x, y, batchSize(2), verbose(0), callbacks(r));
      assertEquals(List.of("test_begin", "test_batch_begin 0", "test_batch_end 0", "test_batch_begin 1", "test_batch_end 1",
          "test_end [loss]"), r.calls);
      r.calls.clear();
      m.predict(x, batchSize(3), verbose(0), callbacks(r));
      assertEquals(List.of("predict_begin", "predict_batch_begin 0", "predict_batch_end 0", "predict_batch_begin 1",
          "predict_batch_end 1", "predict_end"), r.calls);
    }
  }
}
