package org.jkeras.parity;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.classWeight;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.loss;
import static org.jkeras.Kwargs.lossWeights;
import static org.jkeras.Kwargs.metrics;
import static org.jkeras.Kwargs.optimizer;
import static org.jkeras.Kwargs.sampleWeight;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;
import static org.jkeras.Kwargs.weightedMetrics;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.layers.Activation;
import org.jkeras.layers.Add;
import org.jkeras.layers.BatchNormalization;
import org.jkeras.layers.Concatenate;
import org.jkeras.layers.Conv2D;
import org.jkeras.layers.Dense;
import org.jkeras.layers.GlobalAveragePooling2D;
import org.jkeras.layers.Input;
import org.jkeras.layers.InputLayer;
import org.jkeras.layers.KerasTensor;
import org.jkeras.layers.Layer;
import org.jkeras.models.Model;
import org.jkeras.models.Sequential;
import org.jkeras.optimizers.SGD;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Java side of the functional case: the same models as functional.py, built with jkeras's
 * functional API, started from Keras's weights files; reports layer order, summary, forward
 * values, logs of short fits and writes the final weights for Keras to read.
 */
public final class Functional {
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("residual", residual(work));
    out.put("two", twoInTwoOut(work));
    out.put("sn", sharedNested(work));
    out.put("weights", weights(work));
    Parity.result(work, out);
  }

  static Model residualModel() {
    KerasTensor inp = Input.of("image", 16, 16, 3);
    KerasTensor x = new Conv2D(8, 3, 3).strides(2, 2).padding("same").useBias(false).name("stem").apply(inp);
    x = new BatchNormalization().name("stem_bn").apply(x);
    x = new Activation("relu").name("stem_relu").apply(x);
    KerasTensor r = new Conv2D(8, 3, 3).padding("same").useBias(false).name("res_conv").apply(x);
    r = new BatchNormalization().name("res_bn").apply(r);
    x = new Add().name("res_add").apply(x, r);
    x = new GlobalAveragePooling2D().name("gap").apply(x);
    return new Model(inp, new Dense(1).activation("sigmoid").name("head").apply(x), "residual");
  }

  private static Map<String, Object> residual(Path work) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    FloatNdArray x = Parity.npy(work, "res_x.npy");
    FloatNdArray y = Parity.npy(work, "res_y.npy");
    try (Model m = residualModel()) {
      m.loadWeights(work.resolve("res_initial.weights.h5"));
      out.put("layers", names(m.layers()));
      out.put("summary", m.summaryString());
      out.put("forward", flat(m.predict(x, verbose(0))));
      m.compile("adam", "binary_crossentropy", "accuracy");
      m.fit(x, y, batchSize(2), epochs(1), shuffle(false), verbose(0));
      m.saveWeights(work.resolve("res_java_final.weights.h5"));
    }
    return out;
  }

  private static Map<String, Object> twoInTwoOut(Path work) throws Exception {
    KerasTensor image = Input.of("image", 32, 32, 3);
    KerasTensor meta = Input.of("meta", 8);
    KerasTensor x = new Conv2D(16, 3, 3).padding("same").activation("relu").name("stem").apply(image);
    KerasTensor r = new Conv2D(16, 3, 3).padding("same").name("res_conv").apply(x);
    x = new Add().name("res_add").apply(x, r);
    x = new GlobalAveragePooling2D().name("gap").apply(x);
    KerasTensor z = new Concatenate().name("concat").apply(x, new Dense(8).activation("relu").name("meta_dense").apply(meta));
    KerasTensor cls = new Dense(1).activation("sigmoid").name("cls").apply(z);
    KerasTensor reg = new Dense(3).name("reg").apply(z);
    List<FloatNdArray> xs = List.of(Parity.npy(work, "two_xi.npy"), Parity.npy(work, "two_xm.npy"));
    List<FloatNdArray> ys = List.of(Parity.npy(work, "two_yc.npy"), Parity.npy(work, "two_yr.npy"));
    Map<String, Object> out = new LinkedHashMap<>();
    try (Model model = new Model(List.of(image, meta), List.of(cls, reg))) {
      model.loadWeights(work.resolve("two_initial.weights.h5"));
      model.compile(optimizer("adam"), loss(Map.of("cls", "binary_crossentropy", "reg", "mse")),
          lossWeights(Map.of("cls", 1.0, "reg", 0.5)), metrics(Map.of("cls", List.of("accuracy"))));
      out.put("history", model.fit(xs, ys, epochs(2), batchSize(16), shuffle(false), verbose(0)).history());
      out.put("evaluate", model.evaluate(xs, ys, verbose(0)));
      List<Object> predictions = new ArrayList<>();
      for (FloatNdArray p : model.predict(xs, verbose(0))) {
        predictions.add(flat(p));
      }
      out.put("predict", predictions);
      out.put("config", model.getConfig());
      // The config rebuilds the same graph: the same layers (so the same weights), called the same way.
      Model rebuilt = Model.fromConfig(model.getConfig());
      rebuilt.setWeights(model.getWeights());
      out.put("rebuilt_predict", flat(rebuilt.predict(xs, verbose(0)).get(1)));
    }
    return out;
  }

  static Model sharedNestedModel() {
    KerasTensor subIn = Input.of("sub_in", 6);
    Model sub = new Model(subIn, new Dense(3).activation("tanh").name("sub_dense").apply(
        new Dense(5).activation("relu").name("sub_hidden").apply(subIn)), "sub");
    KerasTensor a = Input.of("a", 6);
    KerasTensor b = Input.of("b", 6);
    Dense shared = new Dense(6).activation("relu").name("shared");
    KerasTensor x = new Add().name("sum").apply(shared.apply(a), shared.apply(new Dense(6).name("pre").apply(b)));
    return new Model(List.of(a, b), List.of(new Dense(1).name("out").apply(sub.apply(x))), "shared_nested");
  }

  private static Map<String, Object> sharedNested(Path work) throws Exception {
    List<FloatNdArray> xs = List.of(Parity.npy(work, "sn_xa.npy"), Parity.npy(work, "sn_xb.npy"));
    FloatNdArray y = Parity.npy(work, "sn_ys.npy");
    Map<String, Object> out = new LinkedHashMap<>();
    try (Model m = sharedNestedModel()) {
      m.loadWeights(work.resolve("sn_initial.weights.h5"));
      out.put("layers", names(m.layers()));
      out.put("forward", flat(m.predict(xs, verbose(0)).get(0)));
      m.compile(new SGD(0.05), "mse");
      out.put("history", m.fit(xs, List.of(y), epochs(1), batchSize(4), shuffle(false), verbose(0)).history());
      m.saveWeights(work.resolve("sn_java_final.weights.h5"));
    }
    return out;
  }

  private static Map<String, Object> weights(Path work) throws Exception {
    FloatNdArray x = Parity.npy(work, "w_x.npy");
    FloatNdArray y = Parity.npy(work, "w_y.npy");
    FloatNdArray sw = Parity.npy(work, "w_sw.npy");
    Map<String, Object> out = new LinkedHashMap<>();
    try (Sequential m = tiny()) {
      out.put("fit_sample_weight", last(m.fit(x, y, sampleWeight(sw), batchSize(2), shuffle(false), verbose(0)).history()));
    }
    try (Sequential m = tiny()) {
      out.put("fit_class_weight", last(m.fit(x, y, classWeight(Map.of(0, 1.0, 1, 3.0)), batchSize(2), shuffle(false),
          verbose(0)).history()));
    }
    try (Sequential m = tiny()) {
      out.put("evaluate_sample_weight", m.evaluate(x, y, sampleWeight(sw), batchSize(2), verbose(0)));
    }
    try (Sequential m = tiny()) {
      out.put("evaluate", m.evaluate(x, y, batchSize(2), verbose(0)));
    }
    return out;
  }

  private static Sequential tiny() {
    Sequential m = new Sequential(new InputLayer(1), new Dense(1).useBias(false).kernelInitializer("ones"));
    m.compile(optimizer(new SGD(0.0)), loss("mse"), metrics("binary_accuracy"), weightedMetrics(List.of("binary_accuracy")));
    return m;
  }

  private static Map<String, Double> last(Map<String, List<Double>> history) {
    Map<String, Double> out = new LinkedHashMap<>();
    history.forEach((k, v) -> out.put(k, v.get(v.size() - 1)));
    return out;
  }

  private static List<String> names(List<Layer> layers) {
    List<String> out = new ArrayList<>();
    for (Layer l : layers) {
      out.add(l.name());
    }
    return out;
  }

  private static List<Double> flat(FloatNdArray a) {
    List<Double> out = new ArrayList<>();
    a.scalars().forEach(s -> out.add((double) s.getFloat()));
    return out;
  }
}
