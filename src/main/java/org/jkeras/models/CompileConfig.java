package org.jkeras.models;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.kwargs.Args;
import org.jkeras.losses.Loss;
import org.jkeras.losses.Losses;
import org.jkeras.metrics.Metric;
import org.jkeras.metrics.Metrics;
import org.jkeras.optimizers.Optimizer;
import org.jkeras.optimizers.Optimizers;
import org.jkeras.saving.serialization.Config;
import org.jkeras.trainers.Trainer;

/**
 * Keras's {@code model.get_compile_config()} and {@code compile_from_config}: the optimizer
 * serialized, the loss, loss weights and metrics as {@code compile} got them (names stay names;
 * {@code Loss} and {@code Metric} objects are serialized). Reads jkeras's earlier form too (the
 * loss as {@code {"class_name", "config"}}, metrics as names).
 */
final class CompileConfig {
  private CompileConfig() {}

  static Map<String, Object> of(Model model) {
    Trainer trainer = model.trainer();
    List<String> outputs = model.outputNames();
    Optimizer o = trainer.optimizer();
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("optimizer", Config.serialize("keras.optimizers", o.getClass().getSimpleName(), o.getConfig()));
    c.put("loss", spec(trainer.lossSpec(), outputs));
    c.put("loss_weights", spec(trainer.lossWeightsSpec(), outputs));
    c.put("metrics", spec(trainer.metricsSpec(), outputs));
    c.put("weighted_metrics", spec(trainer.weightedMetricsSpec(), outputs));
    c.put("run_eagerly", false);
    c.put("steps_per_execution", 1);
    c.put("jit_compile", trainer.jitCompile()); // Keras writes the resolved flag ("auto" is false on a CPU)
    return c;
  }

  /**
   * A spec as written: serialized losses and metrics, and a map by output name in the model's
   * output order (Keras writes the dict the user gave, usually in that order; a Java {@code Map.of}
   * has none).
   */
  private static Object spec(Object value, List<String> outputs) {
    if (value instanceof Map<?, ?> map && outputs.containsAll(map.keySet())) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (String name : outputs) {
        if (map.containsKey(name)) {
          out.put(name, spec(map.get(name)));
        }
      }
      return out;
    }
    return spec(value);
  }

  private static Object spec(Object value) {
    if (value instanceof Loss l) {
      return Config.serialize("keras.losses", l.getClass().getSimpleName(), l.getConfig());
    }
    if (value instanceof Metric m) {
      return Config.serialize("keras.metrics", m.getClass().getSimpleName(), m.getConfig());
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(spec(v)));
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), spec(v)));
      return out;
    }
    return value;
  }

  /**
   * Compiles {@code model} as {@code config} records (the optimizer's state starts afresh); its
   * {@code optimizer} may also be an {@code Optimizer} object, which is used as it is.
   */
  @SuppressWarnings("unchecked")
  static void compile(Model model, Map<String, Object> config) {
    Object opt = config.get("optimizer");
    Object optimizer = opt == null ? "rmsprop" : opt instanceof Optimizer given ? given
        : Optimizers.fromConfig((String) ((Map<String, Object>) opt).get("class_name"),
            (Map<String, Object>) ((Map<String, Object>) opt).get("config"));
    List<Args.CompileArg> args = new ArrayList<>(List.of(new Args.OptimizerArg(optimizer),
        new Args.LossArg(object(config.get("loss"), true))));
    if (config.get("loss_weights") != null) {
      args.add(new Args.LossWeightsArg(config.get("loss_weights")));
    }
    if (config.get("metrics") != null) {
      args.add(new Args.MetricsArg(object(config.get("metrics"), false)));
    }
    if (config.get("weighted_metrics") != null) {
      args.add(new Args.WeightedMetricsArg(object(config.get("weighted_metrics"), false)));
    }
    if (Boolean.TRUE.equals(config.get("jit_compile"))) {
      args.add(new Args.JitCompile(true));
    }
    model.compile(args.toArray(new Args.CompileArg[0]));
  }

  /** A spec back to what {@code compile} takes: serialized losses and metrics become objects again. */
  @SuppressWarnings("unchecked")
  private static Object object(Object spec, boolean loss) {
    if (spec instanceof Map<?, ?> map && map.containsKey("class_name") && map.containsKey("config")) {
      String cls = (String) map.get("class_name");
      Map<String, Object> c = (Map<String, Object>) map.get("config");
      return loss ? Losses.fromConfig(cls, c) : Metrics.fromConfig(cls, c);
    }
    if (spec instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(object(v, loss)));
      return out;
    }
    if (spec instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), object(v, loss)));
      return out;
    }
    return spec;
  }
}
