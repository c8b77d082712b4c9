package org.jkeras.saving;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The configs of a legacy {@code .h5} model file as Keras 3 reads them: Keras's {@code
 * model_from_config} applied to every layer config (a legacy file's layers carry no {@code module}),
 * and what Keras 2 (TF-Keras, {@code keras_version} 2.x) wrote differently from Keras 3.
 *
 * <ul>
 *   <li>{@code axis: [3]} (Keras 2's BatchNormalization) becomes {@code axis: 3}, as Keras's
 *       {@code model_from_config} does; Lambda's Keras 2 arguments are dropped.
 *   <li>Keras 2 numbered the calls of a nested model that has an input layer from 1 (its node 0 was
 *       the model's own graph, not saved): references to it in a functional config are shifted to
 *       Keras 3's numbering (TF-Keras's {@code _should_skip_first_node}). Keras 3.15.1 does not, and
 *       fails on such files ("The graph of the Functional model either has loops or disconnected
 *       nodes").
 *   <li>The optimizer's class name {@code Custom>Adam} (TF-Keras's registered name) is Keras's
 *       {@code Adam}, with its config (Keras 3.15.1 falls back to the class's defaults, dropping
 *       the saved learning rate); TF-Keras's {@code jit_compile} and {@code is_legacy_optimizer}
 *       are dropped, and so is {@code decay}, with Keras 3's warning that it is ignored.
 * </ul>
 */
final class LegacyConfigs {
  private static final Set<String> LAMBDA_DEP_ARGS = Set.of("module", "function_type", "output_shape_type",
      "output_shape_module");
  private static final Set<String> MODELS = Set.of("Functional", "Model", "Sequential");

  private LegacyConfigs() {}

  /** True when {@code kerasVersion} (the file's {@code keras_version} attribute) is Keras 2's. */
  static boolean isKeras2(String kerasVersion) {
    return kerasVersion != null && (kerasVersion.startsWith("2.") || kerasVersion.startsWith("1."));
  }

  /** The model config with Keras's per-layer fixes applied (a copy; {@code config} is not changed). */
  static Map<String, Object> modelConfig(Map<String, Object> config, boolean keras2) {
    return layer(config, keras2);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> layer(Map<String, Object> m, boolean keras2) {
    Map<String, Object> out = new LinkedHashMap<>(m);
    if (!(m.get("config") instanceof Map<?, ?> raw)) {
      return out;
    }
    Map<String, Object> c = new LinkedHashMap<>((Map<String, Object>) raw);
    Object axis = c.get("axis");
    if (axis instanceof List<?> l && l.size() == 1 && l.get(0) instanceof Number n) {
      c.put("axis", n.intValue());
    } else if (axis instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      c.put("axis", n.intValue());
    }
    if ("Lambda".equals(m.get("class_name"))) {
      c.keySet().removeAll(LAMBDA_DEP_ARGS);
    }
    if (MODELS.contains(m.get("class_name")) && c.get("layers") instanceof List<?> layers) {
      List<Object> rebuilt = new ArrayList<>();
      for (Object l : layers) {
        rebuilt.add(l instanceof Map<?, ?> lm ? layer((Map<String, Object>) lm, keras2) : l);
      }
      c.put("layers", rebuilt);
      if (keras2) {
        shiftNestedModelNodes(c, rebuilt);
      }
    }
    out.put("config", c);
    return out;
  }

  /**
   * In a functional config of Keras 2, references {@code [name, node, tensor, ...]} to a nested
   * model that starts with an input layer count that model's calls from 1: made 0-based here.
   */
  @SuppressWarnings("unchecked")
  private static void shiftNestedModelNodes(Map<String, Object> c, List<Object> layers) {
    Set<String> shifted = new HashSet<>();
    for (Object l : layers) {
      if (l instanceof Map<?, ?> lm && startsWithInput((Map<String, Object>) lm)) {
        Object name = ((Map<String, Object>) lm).get("name");
        Object inner = ((Map<String, Object>) lm).get("config");
        if (name == null && inner instanceof Map<?, ?> im) {
          name = im.get("name");
        }
        if (name instanceof String s) {
          shifted.add(s);
        }
      }
    }
    if (shifted.isEmpty()) {
      return;
    }
    for (Object l : layers) {
      if (l instanceof Map<?, ?> lm && lm.get("inbound_nodes") instanceof List<?> nodes) {
        ((Map<String, Object>) lm).put("inbound_nodes", shiftAll(nodes, shifted));
      }
    }
    for (String key : List.of("input_layers", "output_layers")) {
      if (c.get(key) instanceof List<?> refs) {
        c.put(key, shiftAll(refs, shifted));
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static boolean startsWithInput(Map<String, Object> layer) {
    if (!MODELS.contains(layer.get("class_name")) || !(layer.get("config") instanceof Map<?, ?> c)) {
      return false;
    }
    if (!"Sequential".equals(layer.get("class_name"))) {
      return true; // a functional model is built from input layers
    }
    return c.get("layers") instanceof List<?> inner && !inner.isEmpty() && inner.get(0) instanceof Map<?, ?> first
        && "InputLayer".equals(((Map<String, Object>) first).get("class_name"));
  }

  /** Rewrites every reference {@code [name, node, tensor(, kwargs)]} to a layer of {@code shifted}, however nested. */
  private static Object shiftAll(Object o, Set<String> shifted) {
    if (!(o instanceof List<?> l)) {
      return o;
    }
    if (l.size() >= 3 && l.get(0) instanceof String name && l.get(1) instanceof Number node && l.get(2) instanceof Number) {
      if (!shifted.contains(name) || node.intValue() < 1) {
        return l;
      }
      List<Object> ref = new ArrayList<>(l);
      ref.set(1, node.intValue() - 1);
      return ref;
    }
    List<Object> out = new ArrayList<>();
    for (Object item : l) {
      out.add(shiftAll(item, shifted));
    }
    return out;
  }

  /** The training config with its optimizer config as Keras 3 reads it (a copy). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> trainingConfig(Map<String, Object> training) {
    if (training == null || !(training.get("optimizer_config") instanceof Map<?, ?> raw)) {
      return training;
    }
    Map<String, Object> optimizer = new LinkedHashMap<>((Map<String, Object>) raw);
    if (optimizer.get("class_name") instanceof String name && name.startsWith("Custom>")) {
      optimizer.put("class_name", name.substring("Custom>".length()));
    }
    if (optimizer.get("config") instanceof Map<?, ?> c) {
      Map<String, Object> config = new LinkedHashMap<>((Map<String, Object>) c);
      config.remove("jit_compile");
      config.remove("is_legacy_optimizer");
      if (config.remove("decay") != null) {
        System.err.println("WARNING: Argument `decay` is no longer supported and will be ignored.");
      }
      optimizer.put("config", config);
    }
    Map<String, Object> out = new LinkedHashMap<>(training);
    out.put("optimizer_config", optimizer);
    return out;
  }
}
