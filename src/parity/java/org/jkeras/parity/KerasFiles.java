package org.jkeras.parity;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.loss;
import static org.jkeras.Kwargs.lossWeights;
import static org.jkeras.Kwargs.metrics;
import static org.jkeras.Kwargs.optimizer;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.applications.VGG16;
import org.jkeras.examples.TransferLearning;
import org.jkeras.layers.Add;
import org.jkeras.layers.BatchNormalization;
import org.jkeras.layers.Conv2D;
import org.jkeras.layers.Dense;
import org.jkeras.layers.GlobalAveragePooling2D;
import org.jkeras.layers.Input;
import org.jkeras.layers.KerasTensor;
import org.jkeras.models.Model;
import org.jkeras.models.Models;
import org.jkeras.models.Sequential;
import org.jkeras.random.Seeds;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Java side of cases/keras_file.py. Loads Keras's py_NAME.keras files (predictions in
 * jk_from_py_NAME_K.npy, the model written back to rt_NAME.keras), py_residual.h5, and trains the
 * CNN of py_cnn.keras three steps; builds the same models in Java, compiles them, writes
 * jk_NAME.keras (predictions in jk_NAME_own_K.npy, compile configs in result.json) and trains
 * jk_cnn.keras, reloaded, three steps.
 */
public final class KerasFiles {
  private static final List<String> MODELS = List.of("cnn", "vgg16_transfer", "residual");

  static Model build(String name, int size) {
    switch (name) {
      case "cnn": {
        Model m = Parity.model("cnn", size);
        m.compile("adam", "binary_crossentropy", "accuracy");
        return m;
      }
      case "vgg16_transfer": {
        Model m = TransferLearning.createModel(new VGG16(null, false, size, size, 3));
        m.compile("adam", "binary_crossentropy", "accuracy");
        return m;
      }
      default: {
        KerasTensor image = Input.of("image", size, size, 3);
        KerasTensor x = new Conv2D(4, 3, 3).padding("same").activation("relu").name("stem").apply(image);
        KerasTensor r = new Conv2D(4, 3, 3).padding("same").name("res_conv").apply(x);
        r = new BatchNormalization().name("res_bn").apply(r);
        x = new Add().name("res_add").apply(x, r);
        x = new GlobalAveragePooling2D().name("gap").apply(x);
        x = new Sequential("head", new Dense(6).activation("relu")).apply(x);
        Map<String, KerasTensor> outputs = new LinkedHashMap<>();
        outputs.put("cls", new Dense(1).activation("sigmoid").name("cls").apply(x));
        outputs.put("reg", new Dense(2).name("reg").apply(x));
        Model m = new Model(List.of(image), outputs, null);
        m.compile(optimizer("adam"), loss(Map.of("cls", "binary_crossentropy", "reg", "mean_squared_error")),
            lossWeights(Map.of("cls", 1.0, "reg", 0.5)), metrics(Map.of("cls", List.of("accuracy"))));
        return m;
      }
    }
  }

  static void predictions(Path work, String prefix, Model m, FloatNdArray x) throws Exception {
    List<FloatNdArray> out = m.predict(List.of(x), verbose(0));
    for (int k = 0; k < out.size(); k++) {
      Parity.npy(work, prefix + "_" + k + ".npy", out.get(k));
    }
  }

  /** Three steps of batch {@code batch}, in order, then the predictions. */
  static FloatNdArray trained(Model m, FloatNdArray x, FloatNdArray y, int batch) {
    m.fit(x, y, batchSize(batch), epochs(1), shuffle(false), verbose(0));
    return m.predict(x, verbose(0));
  }

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    int size = Integer.parseInt(args[1]);
    int batch = Integer.parseInt(args[2]);
    FloatNdArray x = Parity.npy(work, "x.npy");
    FloatNdArray y = Parity.npy(work, "y.npy");
    Map<String, Object> result = new LinkedHashMap<>();
    for (String name : MODELS) {
      try (Model m = Models.loadModel(work.resolve("py_" + name + ".keras"))) {
        predictions(work, "jk_from_py_" + name, m, x);
        m.save(work.resolve("rt_" + name + ".keras"));
      }
    }
    try (Model m = Models.loadModel(work.resolve("py_residual.h5"))) {
      predictions(work, "jk_from_h5_residual", m, x);
    }
    try (Model m = Models.loadModel(work.resolve("py_cnn.keras"))) {
      Parity.npy(work, "jk_from_py_cnn_trained.npy", trained(m, x, y, batch));
    }
    Seeds.setRandomSeed(14);
    Map<String, Object> compile = new LinkedHashMap<>();
    for (String name : MODELS) {
      try (Model m = build(name, size)) {
        predictions(work, "jk_" + name + "_own", m, x);
        compile.put(name, m.getCompileConfig());
        m.save(work.resolve("jk_" + name + ".keras"));
      }
    }
    result.put("compile", compile);
    try (Model m = Models.loadModel(work.resolve("jk_cnn.keras"))) {
      Parity.npy(work, "jk_cnn_trained.npy", trained(m, x, y, batch));
    }
    Parity.result(work, result);
  }
}
