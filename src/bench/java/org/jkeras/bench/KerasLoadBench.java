package org.jkeras.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jkeras.backend.GraphContext;
import org.jkeras.models.Model;
import org.jkeras.models.Models;

/**
 * The keras_load_resnet50 row: {@code Models.loadModel} of {@code WORK/resnet50.keras}, the file
 * Keras wrote in the row's setup (ResNet50 with its Adam state), timed from the call to its return,
 * the first load in this process after TensorFlow's native library is loaded (as {@code import
 * keras} has it on the Python side); then {@code save} of the loaded model to a new {@code .keras}
 * file in the same folder, timed the same way. As python/keras_load_resnet50.py.
 */
public final class KerasLoadBench {
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    try (GraphContext warm = new GraphContext()) {
      warm.runner(); // loads TensorFlow's native library, as `import keras` does before the Python side's clock
    }
    long t = System.nanoTime();
    Path out = work.resolve("jkeras-" + ProcessHandle.current().pid() + ".keras");
    double loadMs;
    double saveMs;
    try (Model model = Models.loadModel(work.resolve("resnet50.keras"))) {
      loadMs = (System.nanoTime() - t) / 1e6;
      t = System.nanoTime();
      model.save(out);
      saveMs = (System.nanoTime() - t) / 1e6;
    } finally {
      Files.deleteIfExists(out);
    }
    Bench.emit("load a .keras ResNet50 with its Adam state (first load in the process)", loadMs, "ms", "lower", null, null);
    Bench.emit("save that model as .keras", saveMs, "ms", "lower", null, null);
  }
}
