package org.jkeras.bench;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.callbacks;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jkeras.applications.Application;
import org.jkeras.applications.Applications;
import org.jkeras.callbacks.Callback;

/**
 * One training step of a Keras application (its first argument: {@code resnet50}, {@code
 * mobilenet_v2}...) with its top, random weights, 1000 classes, Adam and sparse categorical
 * cross-entropy, at batch 32, 224x224x3 (96x96 with {@code --quick}; {@code --size N} for a smoke
 * run), timed from {@code on_train_batch_begin} to {@code _end} inside {@code fit}, as the Keras
 * side (python/application_train_step.py). Median after warm-up steps.
 */
public final class ApplicationTrainStep {
  static final int BATCH = 32;

  public static void main(String[] args) {
    String app = args[0];
    boolean quick = Bench.quick(args);
    int size = quick ? 96 : 224;
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals("--size")) {
        size = Integer.parseInt(args[i + 1]);
      }
    }
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
    try (Application model = Applications.create(app, true, null, null, new int[] {size, size, 3}, null, 1000, "softmax")) {
      model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
      // One batch, one step per epoch: the data stays one batch in memory, as on the Keras side.
      model.fit(Bench.images(BATCH, size, 1), Bench.labels(BATCH), epochs(warmup + timed), batchSize(BATCH),
          shuffle(false), verbose(0), callbacks(timer));
    }
    Bench.emit(Applications.kerasName(app) + " training step, batch 32, " + size + "x" + size + "x3 (median)",
        Bench.median(ms.subList(warmup, ms.size())), "ms", "lower", null, Map.of("steps_ms", Bench.oneDecimal(ms)));
  }
}
