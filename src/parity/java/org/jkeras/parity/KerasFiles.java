package org.jkeras.parity;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.customObjects;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.loss;
import static org.jkeras.Kwargs.lossWeights;
import static org.jkeras.Kwargs.metrics;
import static org.jkeras.Kwargs.optimizer;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jkeras.applications.VGG16;
import org.jkeras.examples.TransferLearning;
import org.jkeras.layers.Add;
import org.jkeras.layers.BatchNormalization;
import org.jkeras.layers.Conv2D;
import org.jkeras.layers.Dense;
import org.jkeras.layers.Dropout;
import org.jkeras.layers.GlobalAveragePooling2D;
import org.jkeras.layers.Input;
import org.jkeras.layers.KerasTensor;
import org.jkeras.models.Model;
import org.jkeras.models.Models;
import org.jkeras.models.Sequential;
import org.jkeras.random.Seeds;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * Java side of cases/keras_file.py. Loads Keras's py_NAME.keras files (predictions in
 * jk_from_py_NAME_K.npy, optimizer iterations in result.json, the model written back to
 * rt_NAME.keras) and py_residual.h5; builds the same models in Java, trains them three steps and
 * writes jk_NAME.keras (predictions in jk_NAME_own_K.npy, compile configs in result.json); trains
 * the model of each py_ and jk_ file three further steps (predictions in
 * jk_PREFIX_NAME_trained_K.npy); loads py_every.keras (predictions in jk_every.npy) and writes it
 * back to rt_every.keras.
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

  static void predictions(Path work, String prefix, Model m, List<FloatNdArray> xs) throws Exception {
    List<FloatNdArray> out = m.predict(xs, verbose(0));
    for (int k = 0; k < out.size(); k++) {
      Parity.npy(work, prefix + "_" + k + ".npy", out.get(k));
    }
  }

  /** Three steps of batch {@code batch}, in order (the residual model's reg output learns zeros). */
  static void fitSteps(Model m, FloatNdArray x, FloatNdArray y, int batch) {
    List<FloatNdArray> ys = m.outputs().size() > 1
        ? List.of(y, NdArrays.ofFloats(Shape.of(y.shape().get(0), 2))) : List.of(y);
    m.fit(List.of(x), ys, batchSize(batch), epochs(1), shuffle(false), verbose(0));
  }

  /**
   * The file's model with its Dropout at rate 0 (a custom object for Keras's class): its masks come
   * from each side's generator, so the steps compared with Keras's run without it.
   */
  static Model withoutDropout(Path file) throws Exception {
    Function<Map<String, Object>, Dropout> noDropout = c -> {
      Map<String, Object> config = new LinkedHashMap<>(c);
      config.put("rate", 0.0);
      return Dropout.fromConfig(config);
    };
    return Models.loadModel(file, customObjects(Map.of("Dropout", noDropout)));
  }

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    int size = Integer.parseInt(args[1]);
    int batch = Integer.parseInt(args[2]);
    int everyInputs = Integer.parseInt(args[3]);
    FloatNdArray x = Parity.npy(work, "x.npy");
    FloatNdArray y = Parity.npy(work, "y.npy");
    Map<String, Object> result = new LinkedHashMap<>();
    Map<String, Object> iterations = new LinkedHashMap<>();
    for (String name : MODELS) {
      try (Model m = Models.loadModel(work.resolve("py_" + name + ".keras"))) {
        predictions(work, "jk_from_py_" + name, m, List.of(x));
        iterations.put(name, m.optimizer().iterations());
        m.save(work.resolve("rt_" + name + ".keras"));
      }
    }
    result.put("iterations_from_py", iterations);
    try (Model m = Models.loadModel(work.resolve("py_residual.h5"))) {
      predictions(work, "jk_from_h5_residual", m, List.of(x));
    }
    Seeds.setRandomSeed(14);
    Map<String, Object> compile = new LinkedHashMap<>();
    for (String name : MODELS) {
      try (Model m = build(name, size)) {
        fitSteps(m, x, y, batch); // three steps: the file holds Adam's state
        predictions(work, "jk_" + name + "_own", m, List.of(x));
        compile.put(name, m.getCompileConfig());
        m.save(work.resolve("jk_" + name + ".keras"));
      }
    }
    result.put("compile", compile);
    for (String prefix : List.of("py", "jk")) {
      for (String name : MODELS) {
        try (Model m = withoutDropout(work.resolve(prefix + "_" + name + ".keras"))) {
          fitSteps(m, x, y, batch);
          predictions(work, "jk_" + prefix + "_" + name + "_trained", m, List.of(x));
        }
      }
    }
    List<FloatNdArray> everyX = new ArrayList<>();
    for (int k = 0; k < everyInputs; k++) {
      everyX.add(Parity.npy(work, "every_in_" + k + ".npy"));
    }
    try (Model m = Models.loadModel(work.resolve("py_every.keras"))) {
      Parity.npy(work, "jk_every.npy", m.predict(everyX, verbose(0)).get(0));
      m.save(work.resolve("rt_every.keras"));
    }
    Parity.result(work, result);
  }
}
