package org.jkeras.parity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.callbacks.Callback;
import org.jkeras.examples.SeedModels;
import org.jkeras.models.Sequential;
import org.jkeras.utils.Files2;
import org.jkeras.utils.Json;
import org.jkeras.utils.Npy;
import org.tensorflow.ndarray.FloatNdArray;

/** Helpers shared by the Java side of the parity cases. */
final class Parity {
  private Parity() {}

  /** The seed's models as the Python side's {@code seed.build(kind, size)}: "cnn" (4.2) or "l2" (4.3). */
  static Sequential model(String kind, int size) {
    switch (kind) {
      case "cnn": return SeedModels.createModel(size, size, 3);
      case "l2": return SeedModels.createL2Model(size, size, 3, 0.001);
      default: throw new IllegalArgumentException("Unknown model kind: " + kind + " (expected cnn or l2)");
    }
  }

  /** Writes the results of a case to {@code result.json} in the work folder, read by {@code ctx.java_json}. */
  static void result(Path work, Map<String, ?> values) throws IOException {
    Files2.writeAtomically(work.resolve("result.json"), Json.write(values).getBytes(StandardCharsets.UTF_8));
  }

  static FloatNdArray npy(Path work, String name) throws IOException {
    return Npy.read(work.resolve(name));
  }

  static void npy(Path work, String name, FloatNdArray a) throws IOException {
    Npy.write(work.resolve(name), a);
  }

  /** The logs Keras's {@code on_train_batch_end} sees: running means after each step. */
  static final class BatchLogs extends Callback {
    final List<Map<String, Double>> logs = new ArrayList<>();

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> l) {
      logs.add(new LinkedHashMap<>(l));
    }

    List<Double> get(String key) {
      List<Double> out = new ArrayList<>();
      for (Map<String, Double> l : logs) {
        out.add(l.get(key));
      }
      return out;
    }
  }
}
