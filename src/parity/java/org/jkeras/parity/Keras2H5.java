package org.jkeras.parity;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.models.Model;
import org.jkeras.models.Models;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Java side of cases/keras2_h5.py: loads k2_NAME.h5 (TF-Keras) and k3_residual.h5 (Keras 3's legacy
 * file), writes the predictions (jk_NAME_loaded_K.npy), trains three further steps in order and
 * writes them again (jk_NAME_resumed_K.npy); result.json holds each optimizer's class, learning
 * rate and iterations as loaded.
 */
public final class Keras2H5 {
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    int batch = Integer.parseInt(args[1]);
    FloatNdArray x = Parity.npy(work, "x.npy");
    FloatNdArray y = Parity.npy(work, "y.npy");
    Map<String, Object> iterations = new LinkedHashMap<>();
    Map<String, Object> rates = new LinkedHashMap<>();
    Map<String, Object> classes = new LinkedHashMap<>();
    for (String name : List.of("cnn", "residual", "mlp", "k3_residual")) {
      Path file = work.resolve((name.startsWith("k3_") ? "" : "k2_") + name + ".h5");
      try (Model m = Models.loadModel(file)) {
        KerasFiles.predictions(work, "jk_" + name + "_loaded", m, List.of(x));
        iterations.put(name, m.optimizer().iterations());
        rates.put(name, m.optimizer().learningRate());
        classes.put(name, m.optimizer().getClass().getSimpleName());
        KerasFiles.fitSteps(m, x, y, batch);
        KerasFiles.predictions(work, "jk_" + name + "_resumed", m, List.of(x));
      }
    }
    Parity.result(work, Map.of("iterations", iterations, "learning_rate", rates, "optimizer", classes));
  }
}
