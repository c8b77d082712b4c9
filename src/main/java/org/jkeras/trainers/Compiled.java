package org.jkeras.trainers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jkeras.losses.Loss;
import org.jkeras.losses.Losses;
import org.jkeras.metrics.Metric;
import org.jkeras.metrics.Metrics;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * A compiled model's losses and metrics resolved against its outputs, as Keras's {@code
 * CompileLoss} and {@code CompileMetrics}: per output its loss (or none), loss weight and metrics,
 * and the names they are logged under: {@code loss}, and with several outputs {@code cls_loss},
 * {@code cls_accuracy}... ({@code <output>_<name>}); with one output {@code accuracy}.
 */
final class Compiled {
  /**
   * One output's loss (null: the output is not trained), its weight, its metrics by log name, and
   * its weighted metrics (given the sample weights) by log name.
   */
  record Output(String name, Loss loss, double weight, Map<String, Metric> metrics, Map<String, Metric> weightedMetrics) {}

  private final List<Output> outputs;
  private final boolean several;
  /** The number of values of each metric's result by log name; -1 for a number. */
  private final Map<String, Long> resultSizes = new HashMap<>();

  private Compiled(List<Output> outputs) {
    this.outputs = outputs;
    this.several = outputs.size() > 1;
  }

  /** Resolves what {@code compile} was given against outputs of these names and shapes. */
  static Compiled resolve(CompileOptions options, List<String> names, List<Shape> shapes) {
    List<Loss> losses = losses(options.loss(), names);
    List<Double> weights = weights(options.lossWeights(), names);
    List<List<Object>> metrics = metrics(options.metrics(), names);
    List<List<Object>> weighted = metrics(options.weightedMetrics(), names);
    // As Keras's CompileMetrics: every output's metrics are made and named, then the weighted ones,
    // with one set of names for all of them.
    Map<String, Integer> taken = new HashMap<>();
    List<Map<String, Metric>> built = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      built.add(byLogName(metrics.get(i), prefix(names, i), losses.get(i), shapes.get(i), taken, false, built));
    }
    List<Output> out = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      Map<String, Metric> w = byLogName(weighted.get(i), prefix(names, i), losses.get(i), shapes.get(i), taken, true, built);
      built.add(w);
      out.add(new Output(names.get(i), losses.get(i), weights.get(i), built.get(i), w));
    }
    return new Compiled(out);
  }

  private static String prefix(List<String> names, int i) {
    return names.size() > 1 ? names.get(i) + "_" : "";
  }

  /**
   * Metric identifiers resolved ("accuracy" against the loss and output) and named as Keras 3's
   * {@code CompileMetrics.result} names them: {@code <output>_<name>}; a name already taken gets
   * {@code _1}, {@code _2}... ({@code auc}, {@code auc_1}), and a weighted metric whose name is
   * taken becomes {@code weighted_<name>} (then numbered). As in Keras, a numbered name is not
   * itself reserved: a later metric of that exact name replaces it (in {@code earlier} maps too).
   */
  private static Map<String, Metric> byLogName(List<Object> ids, String prefix, Loss loss, Shape shape,
      Map<String, Integer> taken, boolean weighted, List<Map<String, Metric>> earlier) {
    Map<String, Metric> out = new LinkedHashMap<>();
    for (Object id : ids) {
      Metric m = id instanceof Metric metric ? metric : Metrics.get((String) id, loss, shape);
      String name = prefix + m.name();
      if (taken.containsKey(name) && weighted) {
        name = prefix + "weighted_" + m.name();
      }
      if (!taken.containsKey(name)) {
        taken.put(name, 1);
      } else {
        int index = taken.get(name);
        taken.put(name, index + 1);
        name = name + "_" + index;
      }
      for (Map<String, Metric> e : earlier) {
        e.remove(name);
      }
      out.put(name, m);
    }
    return out;
  }

  private static List<Loss> losses(Object spec, List<String> names) {
    if (spec == null) {
      throw new IllegalArgumentException("You must pass a `loss` to `compile()` to train or evaluate the model.");
    }
    List<Object> perOutput = perOutput(spec, names, "loss");
    List<Loss> out = new ArrayList<>();
    for (Object o : perOutput) {
      out.add(o == null ? null : o instanceof Loss l ? l : Losses.get((String) o));
    }
    return out;
  }

  private static List<Double> weights(Object spec, List<String> names) {
    List<Double> out = new ArrayList<>();
    if (spec == null) {
      names.forEach(n -> out.add(1.0));
      return out;
    }
    for (Object o : perOutput(spec, names, "loss_weights")) {
      out.add(o == null ? 1.0 : ((Number) o).doubleValue());
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<List<Object>> metrics(Object spec, List<String> names) {
    List<List<Object>> out = new ArrayList<>();
    if (spec == null) {
      names.forEach(n -> out.add(List.of()));
      return out;
    }
    if (spec instanceof List<?> list && names.size() > 1 && list.stream().noneMatch(o -> o instanceof List<?>)) {
      throw new IllegalArgumentException("Invalid `metrics`. `metrics` should contain metrics objects and either be a dict or"
          + " a list matching the output names of the functional model " + names + " or match the output structure of the"
          + " model. Received: metrics=" + spec);
    }
    List<Object> perOutput = spec instanceof List<?> list && names.size() == 1 && list.stream().noneMatch(o -> o instanceof List<?>)
        ? List.of(list) : perOutput(spec, names, "metrics");
    for (Object o : perOutput) {
      out.add(o == null ? List.of() : o instanceof List<?> l ? (List<Object>) l : List.of(o));
    }
    return out;
  }

  /** One value for every output, a list in output order, or a map by output name; null for a name the map leaves out. */
  private static List<Object> perOutput(Object spec, List<String> names, String what) {
    List<Object> out = new ArrayList<>();
    if (spec instanceof Map<?, ?> map) {
      if (!names.containsAll(map.keySet())) {
        throw new IllegalArgumentException("Expected keys " + names + " in " + what + " dict, but found " + what + ".keys()="
            + new ArrayList<>(new TreeSet<>(keys(map))));
      }
      for (String n : names) {
        out.add(map.get(n));
      }
    } else if (spec instanceof List<?> list) {
      if (list.size() != names.size()) {
        throw new IllegalArgumentException("`" + what + "` should have one entry per output (" + names.size() + ": " + names
            + "). Received: " + what + "=" + spec);
      }
      out.addAll(list);
    } else {
      names.forEach(n -> out.add(spec));
    }
    return out;
  }

  private static List<String> keys(Map<?, ?> map) {
    List<String> out = new ArrayList<>();
    map.keySet().forEach(k -> out.add(String.valueOf(k)));
    return out;
  }

  List<Output> outputs() {
    return outputs;
  }

  /** The outputs that have a loss, in output order: those that take labels. */
  List<Output> trained() {
    List<Output> out = new ArrayList<>();
    for (Output o : outputs) {
      if (o.loss() != null) {
        out.add(o);
      }
    }
    return out;
  }

  /** True when the model has several outputs: per-output losses are logged and metric names prefixed. */
  boolean several() {
    return several;
  }

  /** Every compiled metric by log name: each output's metrics, then its weighted metrics. */
  Map<String, Metric> metricsByLogName() {
    Map<String, Metric> out = new LinkedHashMap<>();
    for (Output o : outputs) {
      out.putAll(o.metrics());
      out.putAll(o.weightedMetrics());
    }
    return out;
  }

  /**
   * Records the shapes of the metric results a step computes (in {@link #metricsByLogName()}
   * order): a scalar is logged under the metric's name, a vector one value per element.
   */
  void recordResults(List<Operand<TFloat32>> results) {
    List<String> names = new ArrayList<>(metricsByLogName().keySet());
    for (int i = 0; i < names.size(); i++) {
      Shape shape = results.get(i).shape();
      if (shape.numDimensions() == 0) {
        resultSizes.put(names.get(i), -1L);
      } else if (shape.numDimensions() == 1 && shape.get(0) >= 0) {
        resultSizes.put(names.get(i), shape.get(0));
      } else {
        throw new IllegalArgumentException("The result of metric `" + names.get(i) + "` must be a number or a vector of"
            + " known length to be logged. Received: shape=" + shape);
      }
    }
  }

  /**
   * One key per logged metric value, in {@link #metricsByLogName()} order: the name, or for a
   * metric whose result is a vector {@code name[0]}, {@code name[1]}... (Keras logs the array
   * under the name; jkeras's logs hold numbers). Names alone before a step was built.
   */
  List<String> metricKeys() {
    List<String> keys = new ArrayList<>();
    for (String name : metricsByLogName().keySet()) {
      long size = resultSizes.getOrDefault(name, -1L);
      if (size < 0) {
        keys.add(name);
      }
      for (long i = 0; i < size; i++) {
        keys.add(name + "[" + i + "]");
      }
    }
    return keys;
  }

  /** The keys of one epoch's logs, sorted as Keras's {@code pythonify_logs} sorts them. */
  List<String> logKeys() {
    TreeSet<String> keys = new TreeSet<>();
    keys.add("loss");
    for (Output o : trained()) {
      if (several) {
        keys.add(o.name() + "_loss");
      }
    }
    keys.addAll(metricKeys());
    return new ArrayList<>(keys);
  }
}
