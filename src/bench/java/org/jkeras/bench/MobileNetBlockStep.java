package org.jkeras.bench;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.callbacks;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jkeras.callbacks.Callback;
import org.jkeras.layers.Activation;
import org.jkeras.layers.BatchNormalization;
import org.jkeras.layers.Dense;
import org.jkeras.layers.DepthwiseConv2D;
import org.jkeras.layers.GlobalAveragePooling2D;
import org.jkeras.layers.SeparableConv2D;
import org.jkeras.models.Sequential;

/**
 * A MobileNet-style block (DepthwiseConv2D, BatchNormalization, ReLU6, SeparableConv2D) under a
 * small head, one training step at batch 32, 224x224x3 (adam, binary_crossentropy, accuracy), timed
 * from {@code on_train_batch_begin} to {@code _end} inside {@code fit}, as the Keras side
 * (python/mobilenet_block_step.py, the same model). Median after warm-up steps.
 */
public final class MobileNetBlockStep {
  static final int BATCH = 32;
  static final int SIZE = 224;

  static Sequential createModel() {
    return new Sequential(
        new DepthwiseConv2D(3).padding("same").useBias(false).inputShape(SIZE, SIZE, 3),
        new BatchNormalization(),
        new Activation("relu6"),
        new SeparableConv2D(64, 3).strides(2).padding("same").useBias(false),
        new BatchNormalization(),
        new Activation("relu6"),
        new GlobalAveragePooling2D(),
        new Dense(1).activation("sigmoid"));
  }

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
    try (Sequential model = createModel()) {
      model.compile("adam", "binary_crossentropy", "accuracy");
      // One batch, one step per epoch: the data stays one batch in memory, as on the Keras side.
      model.fit(Bench.images(BATCH, SIZE, 1), Bench.labels(BATCH), epochs(warmup + timed), batchSize(BATCH),
          shuffle(false), verbose(0), callbacks(timer));
    }
    Bench.emit("MobileNet-style block training step, batch 32, 224x224x3 (median)", Bench.median(ms.subList(warmup, ms.size())),
        "ms", "lower", null, "\"steps_ms\": " + Bench.list(ms));
  }
}
