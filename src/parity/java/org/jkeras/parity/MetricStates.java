package org.jkeras.parity;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.loss;
import static org.jkeras.Kwargs.metrics;
import static org.jkeras.Kwargs.optimizer;
import static org.jkeras.Kwargs.sampleWeight;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.validationData;
import static org.jkeras.Kwargs.verbose;
import static org.jkeras.Kwargs.weightedMetrics;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.kwargs.Args;
import org.jkeras.layers.Dense;
import org.jkeras.layers.InputLayer;
import org.jkeras.metrics.AUC;
import org.jkeras.metrics.F1Score;
import org.jkeras.metrics.FBetaScore;
import org.jkeras.metrics.Mean;
import org.jkeras.metrics.MeanIoU;
import org.jkeras.metrics.Metric;
import org.jkeras.metrics.Metrics;
import org.jkeras.metrics.Precision;
import org.jkeras.metrics.RootMeanSquaredError;
import org.jkeras.metrics.Sum;
import org.jkeras.metrics.TopKCategoricalAccuracy;
import org.jkeras.models.Sequential;
import org.jkeras.optimizers.SGD;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.index.Indices;

/** Java side of cases/metrics.py: metrics from Keras's configs updated batch by batch, and two compiled models' logs. */
public final class MetricStates {
  @SuppressWarnings("unchecked")
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    Map<String, Object> spec = ParityIO.readJson(work.resolve("specs.json"));
    List<List<Number>> batches = (List<List<Number>>) spec.get("batches");
    FloatNdArray w = Parity.npy(work, "w.npy");
    Map<String, Object> eager = new LinkedHashMap<>();
    for (Object o : (List<Object>) spec.get("cases")) {
      Map<String, Object> c = (Map<String, Object>) o;
      Map<String, Object> s = (Map<String, Object>) c.get("metric");
      Metric m = Metrics.fromConfig((String) s.get("class_name"), (Map<String, Object>) s.get("config"));
      FloatNdArray t = c.get("y_true") == null ? null : Parity.npy(work, c.get("y_true") + ".npy");
      FloatNdArray p = Parity.npy(work, c.get("y_pred") + ".npy");
      FloatNdArray weights = (Boolean) c.get("weighted") ? w : null;
      for (List<Number> b : batches) {
        update(m, t, p, weights, b.get(0).intValue(), b.get(1).intValue());
      }
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("merged", values(m.result()));
      m.resetState();
      update(m, t, p, weights, batches.get(0).get(0).intValue(), batches.get(0).get(1).intValue());
      r.put("again", values(m.result()));
      eager.put((String) c.get("name"), r);
    }
    FloatNdArray x = Parity.npy(work, "x.npy");
    FloatNdArray xv = Parity.npy(work, "xv.npy");
    Map<String, Object> models = new LinkedHashMap<>();
    models.put("binary", logs(work, "binary", 1, "sigmoid", x, Parity.npy(work, "y_bin.npy"), w, xv,
        Parity.npy(work, "yv_bin.npy"), optimizer(new SGD(0.5)), loss("binary_crossentropy"),
        metrics(List.of("accuracy", "auc", "precision", "recall", new AUC().curve("PR").name("pr_auc"), "mae", "auc")),
        weightedMetrics(List.of("auc", new Precision(0.3).name("p30")))));
    models.put("multi", logs(work, "multi", 4, "softmax", x, Parity.npy(work, "onehot.npy"), w, xv,
        Parity.npy(work, "yv_multi.npy"), optimizer(new SGD(0.5)), loss("categorical_crossentropy"),
        metrics(List.of("accuracy", "top_k_categorical_accuracy", new TopKCategoricalAccuracy(2).name("top2"),
            new F1Score("macro"), new FBetaScore("weighted", 0.5), new MeanIoU(4).sparseYTrue(false).sparseYPred(false)
                .name("iou"), "categorical_crossentropy", new RootMeanSquaredError())),
        weightedMetrics(List.of(new F1Score("micro").name("wf1"), "categorical_crossentropy"))));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("eager", eager);
    out.put("models", models);
    try (Sequential m = new Sequential(new InputLayer(4), new Dense(1).activation("sigmoid"))) {
      m.compileFromConfig(ParityIO.readJson(work.resolve("binary_compile_config.json")));
      out.put("read_back", m.getCompileConfig());
    }
    out.put("written", written);
    Parity.result(work, out);
  }

  private static void update(Metric m, FloatNdArray t, FloatNdArray p, FloatNdArray w, int from, int to) {
    FloatNdArray ws = w == null ? null : rows(w, from, to);
    if (m instanceof Mean mean) {
      mean.updateState(rows(p, from, to), ws);
    } else if (m instanceof Sum sum) {
      sum.updateState(rows(p, from, to), ws);
    } else {
      m.updateState(rows(t, from, to), rows(p, from, to), ws);
    }
  }

  /** Rows [from, to) as a new array. */
  private static FloatNdArray rows(FloatNdArray a, int from, int to) {
    FloatNdArray view = a.slice(Indices.range(from, to));
    FloatNdArray out = NdArrays.ofFloats(view.shape());
    view.copyTo(out);
    return out;
  }

  private static Object values(FloatNdArray a) {
    if (a.rank() == 0) {
      return (double) a.getFloat();
    }
    List<Double> out = new ArrayList<>();
    a.scalars().forEach(v -> out.add((double) v.getFloat()));
    return out;
  }

  /** The compile config of the binary model compiled in Java. */
  private static Map<String, Object> written;

  private static Map<String, Object> logs(Path work, String prefix, int units, String activation, FloatNdArray x,
      FloatNdArray y, FloatNdArray w, FloatNdArray xv, FloatNdArray yv, Args.CompileArg... compile) throws Exception {
    try (Sequential m = new Sequential(new InputLayer(4), new Dense(units).activation(activation))) {
      m.setWeights(ParityIO.weights(work, prefix + "_w"));
      m.compile(compile);
      if (prefix.equals("binary")) {
        written = m.getCompileConfig();
      }
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("history", m.fit(x, y, sampleWeight(w), batchSize(4), epochs(2), shuffle(false), validationData(xv, yv),
          verbose(0)).history());
      r.put("evaluate", m.evaluate(xv, yv, batchSize(5), verbose(0)));
      return r;
    }
  }
}
