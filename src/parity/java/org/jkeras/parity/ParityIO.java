package org.jkeras.parity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jkeras.models.Model;
import org.jkeras.utils.Json;
import org.jkeras.utils.Npy;
import org.tensorflow.ndarray.FloatNdArray;

/** Shared by the parity mains of the regularisation/optimizer/callback cases: weights and JSON in the work folder. */
final class ParityIO {
  private ParityIO() {}

  /** {@code prefix_0.npy, prefix_1.npy, ...} in Keras's {@code model.weights} order. */
  static List<FloatNdArray> weights(Path work, String prefix) throws IOException {
    List<FloatNdArray> out = new ArrayList<>();
    for (int i = 0; Files.exists(work.resolve(prefix + "_" + i + ".npy")); i++) {
      out.add(Npy.read(work.resolve(prefix + "_" + i + ".npy")));
    }
    return out;
  }

  /** Writes the model's weights as {@code prefix_i.npy}. */
  static void saveWeights(Model model, Path work, String prefix) throws IOException {
    List<FloatNdArray> ws = model.getWeights();
    for (int i = 0; i < ws.size(); i++) {
      Npy.write(work.resolve(prefix + "_" + i + ".npy"), ws.get(i));
    }
  }

  static Map<String, Object> readJson(Path file) throws IOException {
    return Json.readObject(file);
  }

  static void writeJson(Path file, Object value) throws IOException {
    Files.writeString(file, Json.write(value), StandardCharsets.UTF_8);
  }
}
