package org.jkeras.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jkeras.backend.GraphContext;
import org.jkeras.models.Model;
import org.jkeras.models.Models;

/**
 * The keras_load_resnet50 and keras_save_resnet50 rows (first argument {@code load} or {@code
 * save}, then WORK): {@code Models.loadModel} of {@code WORK/resnet50.keras}, the file Keras wrote in
 * the row's setup (ResNet50 with its Adam state), timed from the call to its return, the first load
 * in this process after TensorFlow's native library is loaded (as {@code import keras} has it on
 * the Python side); with {@code save}, then {@code save} of the loaded model to a new {@code .keras}
 * file in the same folder, timed the same way. Two rows so that the load row's peak RSS is the
 * load's. As python/keras_load_resnet50.py.
 */
public final class KerasLoadBench {
  public static void main(String[] args) throws Exception {
    boolean save = args[0].equals("save");
    Path work = Path.of(args[1]);
    try (GraphContext warm = new GraphContext()) {
      warm.runner(); // loads TensorFlow's native library, as `import keras` does before the Python side's clock
    }
    long t = System.nanoTime();
    Path out = work.resolve("jkeras-" + ProcessHandle.current().pid() + ".keras");
    double loadMs;
    double saveMs = 0;
    try (Model model = Models.loadModel(work.resolve("resnet50.keras"))) {
      loadMs = (System.nanoTime() - t) / 1e6;
      if (save) {
        t = System.nanoTime();
        model.save(out);
        saveMs = (System.nanoTime() - t) / 1e6;
      }
    } finally {
      Files.deleteIfExists(out);
    }
    if (save) {
      Bench.emit("save a loaded .keras ResNet50 with its Adam state as .keras", saveMs, "ms", "lower", null, null);
    } else {
      Bench.emit("load a .keras ResNet50 with its Adam state (first load in the process)", loadMs, "ms", "lower", null, null);
    }
  }
}
