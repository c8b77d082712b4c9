package org.jkeras.parity;

import static org.jkeras.Kwargs.verbose;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.applications.Application;
import org.jkeras.applications.Applications;
import org.jkeras.backend.Names;
import org.jkeras.models.Model;
import org.jkeras.models.Models;
import org.jkeras.random.Seeds;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Java side of cases/keras_file_applications.py; arguments: the work folder, size, batch, classes and
 * the applications' names. For each NAME: loads Keras's py_NAME.keras (predictions in
 * jk_from_py_NAME.npy, optimizer iterations in result.json), trains it three further steps with its
 * Dropouts at rate 0 (predictions in jk_py_NAME_trained.npy); builds the application in Java, trains
 * it three steps and writes jk_NAME.keras (predictions in jk_NAME_own.npy).
 */
public final class KerasFileApplications {
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    int size = Integer.parseInt(args[1]);
    int batch = Integer.parseInt(args[2]);
    int classes = Integer.parseInt(args[3]);
    FloatNdArray x = Parity.npy(work, "x.npy");
    FloatNdArray y = Parity.npy(work, "y.npy");
    Map<String, Object> iterations = new LinkedHashMap<>();
    for (int i = 4; i < args.length; i++) {
      String name = args[i];
      Names.clearSession();
      try (Model m = Models.loadModel(work.resolve("py_" + name + ".keras"))) {
        Parity.npy(work, "jk_from_py_" + name + ".npy", m.predict(x, verbose(0)));
        iterations.put(name, m.optimizer().iterations());
      }
      Names.clearSession();
      try (Model m = KerasFiles.withoutDropout(work.resolve("py_" + name + ".keras"))) {
        KerasFiles.fitSteps(m, x, y, batch);
        Parity.npy(work, "jk_py_" + name + "_trained.npy", m.predict(x, verbose(0)));
      }
      Names.clearSession();
      Seeds.setRandomSeed(140 + i);
      try (Application m = Applications.create(name, true, null, null, new int[] {size, size, 3}, null, classes,
          "softmax")) {
        m.compile("adam", "sparse_categorical_crossentropy");
        KerasFiles.fitSteps(m, x, y, batch); // three steps: the file holds Adam's state
        Parity.npy(work, "jk_" + name + "_own.npy", m.predict(x, verbose(0)));
        m.save(work.resolve("jk_" + name + ".keras"));
      }
    }
    Parity.result(work, Map.of("iterations_from_py", iterations));
  }
}
