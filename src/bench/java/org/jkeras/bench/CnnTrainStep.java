package org.jkeras.bench;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.callbacks;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.callbacks.Callback;
import org.jkeras.examples.SeedModels;
import org.jkeras.models.Sequential;

/**
 * The seed's 4.2 CNN, one training step at batch 32, 224x224x3 (compile as the seed: adam,
 * binary_crossentropy, accuracy), timed from {@code on_train_batch_begin} to {@code _end} inside
 * {@code fit}, as the Keras side. Median after warm-up steps.
 */
public final class CnnTrainStep {
  static final int BATCH = 32;
  static final int SIZE = 224;

  public static void main(String[] args) {
    boolean quick = Bench.quick(args);
    int warmup = quick ? 2 : 3;
    int timed = quick ? 3 : 10;
    List<Double> ms = new ArrayList<>();
    long[] start = new long[1];
    Callback timer = new Callback() {
      @Override
      public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
        start[0] = System.nanoTime();
      }

      @Override
      public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        ms.add((System.nanoTime() - start[0]) / 1e6);
      }
    };
    try (Sequential model = SeedModels.createModel(SIZE, SIZE, 3)) {
      model.compile("adam", "binary_crossentropy", "accuracy");
      // One batch, one step per epoch: the data stays one batch in memory, as on the Keras side.
      model.fit(Bench.images(BATCH, SIZE, 1), Bench.labels(BATCH), epochs(warmup + timed), batchSize(BATCH),
          shuffle(false), verbose(0), callbacks(timer));
    }
    double median = Bench.median(ms.subList(warmup, ms.size()));
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("gflop", Bench.round(Bench.trainStepGflop(BATCH, SIZE), 2));
    extra.put("steps_ms", Bench.oneDecimal(ms));
    Bench.emit(what(), median, "ms", "lower", null, extra);
  }

  static String what() {
    return "4.2 CNN training step, batch 32, 224x224x3 (median)";
  }
}
