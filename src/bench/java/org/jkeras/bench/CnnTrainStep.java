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
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * The seed's 4.2 CNN, one training step at batch 32, 224x224x3 (compile as the seed: adam,
 * binary_crossentropy, accuracy), timed from {@code on_train_batch_begin} to {@code _end} inside
 * {@code fit}, as the Keras side. Median after warm-up steps. Also the first step as a user waits
 * for it: from the model's construction to the end of the first {@code fit} step (graph building,
 * variable initialisation, Grappler, first touch of memory), with TensorFlow's native library
 * loaded before the clock starts, as Python's {@code import tensorflow} is on the Keras side.
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
    long[] begin = new long[1];
    double[] first = new double[1];
    Callback timer = new Callback() {
      @Override
      public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
        start[0] = System.nanoTime();
      }

      @Override
      public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        long now = System.nanoTime();
        if (ms.isEmpty()) {
          first[0] = (now - begin[0]) / 1e6;
        }
        ms.add((now - start[0]) / 1e6);
      }
    };
    FloatNdArray images = Bench.images(BATCH, SIZE, 1);
    FloatNdArray labels = Bench.labels(BATCH);
    TensorFlow.version(); // loads the native library, outside the first step's time
    begin[0] = System.nanoTime();
    try (Sequential model = SeedModels.createModel(SIZE, SIZE, 3)) {
      model.compile("adam", "binary_crossentropy", "accuracy");
      // One batch, one step per epoch: the data stays one batch in memory, as on the Keras side.
      model.fit(images, labels, epochs(warmup + timed), batchSize(BATCH),
          shuffle(false), verbose(0), callbacks(timer));
    }
    double median = Bench.median(ms.subList(warmup, ms.size()));
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("gflop", Bench.round(Bench.trainStepGflop(BATCH, SIZE), 2));
    extra.put("steps_ms", Bench.oneDecimal(ms));
    Bench.emit(what(), median, "ms", "lower", null, extra);
    Bench.emit(FIRST_STEP, first[0], "ms", "lower", null, null);
  }

  /** The second figure: model construction to the end of the first step. */
  static final String FIRST_STEP = "4.2 CNN first training step from model construction (ms)";

  static String what() {
    return "4.2 CNN training step, batch 32, 224x224x3 (median)";
  }
}
