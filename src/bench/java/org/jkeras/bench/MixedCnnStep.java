package org.jkeras.bench;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.callbacks;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.jitCompile;
import static org.jkeras.Kwargs.loss;
import static org.jkeras.Kwargs.metrics;
import static org.jkeras.Kwargs.optimizer;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.callbacks.Callback;
import org.jkeras.dtypepolicies.MixedPrecision;
import org.jkeras.examples.SeedModels;
import org.jkeras.models.Sequential;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Issue 17's rows: the seed's 4.2 CNN under {@code MixedPrecision.setGlobalPolicy("mixed_bfloat16")}
 * (its output layer float32, as {@code SeedModels} builds it), first argument {@code train} (one
 * {@code fit} step at batch 32, timed as {@link CnnTrainStep}) or {@code predict} (images/s, as
 * {@link CnnPredict}); {@code jit} trains with {@code compile(jitCompile(true))} in float32. {@code
 * --size N} runs on N x N images (a smoke run, not a figure of record). {@link MixedCnnStepFloat32}
 * is the same program in float32, jkeras's float32 reference.
 */
public final class MixedCnnStep {
  static final int BATCH = 32;

  public static void main(String[] args) {
    run(args, "mixed_bfloat16", null);
  }

  static void run(String[] args, String policy, String ref) {
    boolean quick = Bench.quick(args);
    String mode = args.length > 0 ? args[0] : "train";
    int size = size(args);
    String what = what(mode, size);
    boolean jit = mode.equals("jit");
    try (MixedPrecision.Scope scope = MixedPrecision.policyScope(jit ? "float32" : policy);
        Sequential model = SeedModels.createModel(size, size, 3)) {
      if (mode.equals("predict")) {
        int n = quick ? 64 : 320;
        FloatNdArray x = Bench.images(n, size, 2);
        model.predict(Bench.images(BATCH, size, 3), batchSize(BATCH), verbose(0));
        long start = System.nanoTime();
        model.predict(x, batchSize(BATCH), verbose(0));
        Bench.emit(what, n / ((System.nanoTime() - start) / 1e9), "images/s", "higher", ref, null);
        return;
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
      model.compile(optimizer("adam"), loss("binary_crossentropy"), metrics("accuracy"), jitCompile(jit));
      model.fit(Bench.images(BATCH, size, 1), Bench.labels(BATCH), epochs(warmup + timed), batchSize(BATCH),
          shuffle(false), verbose(0), callbacks(timer));
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("gflop", Bench.round(Bench.trainStepGflop(BATCH, size), 2));
      if (!jit && policy.contains("bfloat16")) {
        extra.put("limit", "bfloat16"); // the step's matmuls run in bf16: its limit is the bf16 matmul rate
      }
      extra.put("steps_ms", Bench.oneDecimal(ms));
      Bench.emit(what, Bench.median(ms.subList(warmup, ms.size())), "ms", "lower", ref, extra);
    }
  }

  /** {@code --size N}, else the seed's 224. */
  static int size(String[] args) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--size")) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return 224;
  }

  /** The figure's name, the same on every side of the row (the reference's policy is its column). */
  static String what(String mode, int size) {
    String s = size + "x" + size + "x3";
    switch (mode) {
      case "predict":
        return "4.2 CNN predict, mixed_bfloat16, batch 32, " + s;
      case "jit":
        return "4.2 CNN training step, jit_compile, batch 32, " + s + " (median)";
      default:
        return "4.2 CNN training step, mixed_bfloat16, batch 32, " + s + " (median)";
    }
  }
}
