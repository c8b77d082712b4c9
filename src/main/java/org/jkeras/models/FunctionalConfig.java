package org.jkeras.models;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.kwargs.Args;
import org.jkeras.layers.InputLayer;
import org.jkeras.layers.KerasTensor;
import org.jkeras.layers.Layer;
import org.jkeras.layers.Node;
import org.jkeras.saving.Serialization;
import org.jkeras.saving.serialization.Config;

/**
 * Keras 3's config of a functional model, both ways: {@code {name, trainable, layers,
 * input_layers, output_layers}}, each layer with the calls it makes in the model ({@code
 * inbound_nodes}: its arguments, each tensor as {@code {"class_name": "__keras_tensor__", "config":
 * {"shape", "dtype", "keras_history": [layer, node, tensor]}}}, node indices counted within the
 * model). {@link #fromConfig} replays the calls in an order that has every input ready, as Keras's
 * {@code functional_from_config}.
 */
final class FunctionalConfig {
  private FunctionalConfig() {}

  static Map<String, Object> of(Model model) {
    // Keras numbers a layer's nodes within the model: the first of its calls kept here is 0.
    Map<Node, Integer> nodeIndex = new IdentityHashMap<>();
    for (Layer l : model.layers()) {
      int kept = 0;
      for (Node n : l.inboundNodes()) {
        if (inModel(model, n)) {
          nodeIndex.put(n, kept++);
        }
      }
    }
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", model.name());
    c.put("trainable", model.trainable());
    List<Object> layers = new ArrayList<>();
    for (Layer l : model.layers()) {
      Map<String, Object> entry = new LinkedHashMap<>(ModelSerialization.serialize(l));
      entry.put("name", l.name());
      List<Object> nodes = new ArrayList<>();
      for (Node n : l.inboundNodes()) {
        if (inModel(model, n) && !n.isInput()) {
          nodes.add(node(n, nodeIndex));
        }
      }
      entry.put("inbound_nodes", nodes);
      layers.add(entry);
    }
    c.put("layers", layers);
    c.put("input_layers", endpoints(model.inputs(), model.inputsByName() ? model.inputNames() : null, nodeIndex));
    c.put("output_layers", endpoints(model.outputs(), model.outputsByName() ? model.outputNames() : null, nodeIndex));
    return c;
  }

  private static boolean inModel(Model model, Node n) {
    return model.nodes().contains(n) || (n.isInput() && model.inputs().contains(n.outputs().get(0)));
  }

  private static Map<String, Object> node(Node n, Map<Node, Integer> nodeIndex) {
    List<Object> tensors = new ArrayList<>();
    for (KerasTensor t : n.inputs()) {
      tensors.add(tensor(t, nodeIndex));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("args", tensors.size() == 1 && !takesList(n.layer()) ? tensors : List.of(tensors));
    Map<String, Object> kwargs = new LinkedHashMap<>();
    Boolean training = n.training() != null ? n.training() : n.layer().callTrainingDefault();
    if (training != null) {
      kwargs.put("training", training);
    }
    if (n.layer().callTakesMask()) {
      kwargs.put("mask", null);
    }
    m.put("kwargs", kwargs);
    return m;
  }

  /** Layers called on a list ({@code Add()([x, y])}): their one argument is the list. */
  private static boolean takesList(Layer layer) {
    return layer.builtInputShapes() != null && layer.builtInputShapes().size() > 1;
  }

  private static Map<String, Object> tensor(KerasTensor t, Map<Node, Integer> nodeIndex) {
    List<Object> shape = new ArrayList<>();
    for (long d : t.shape().asArray()) {
      shape.add(d < 0 ? null : d);
    }
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("shape", shape);
    config.put("dtype", t.layer().computeDtype()); // Keras: the producing layer's compute dtype
    config.put("keras_history", List.of(t.layer().name(), nodeIndex.getOrDefault(t.node(), 0), t.index()));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("class_name", "__keras_tensor__");
    m.put("config", config);
    return m;
  }

  /**
   * Keras's forms: one tensor, a bare {@code [layer, node, tensor]}; several, a list of them; a
   * model made with its inputs or outputs in a map ({@code names} not null), a dict by name.
   */
  private static Object endpoints(List<KerasTensor> tensors, List<String> names, Map<Node, Integer> nodeIndex) {
    List<Object> triples = new ArrayList<>();
    for (KerasTensor t : tensors) {
      triples.add(List.of(t.layer().name(), nodeIndex.getOrDefault(t.node(), 0), t.index()));
    }
    if (names != null) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        m.put(names.get(i), triples.get(i));
      }
      return m;
    }
    return triples.size() == 1 ? triples.get(0) : triples;
  }

  // ---------------------------------------------------------------- from a config

  /** Rebuilds the model a config describes; old jkeras configs (a chain of layers, no inbound nodes) too. */
  @SuppressWarnings("unchecked")
  static Model fromConfig(Map<String, Object> config) {
    Config c = Config.of("Functional", config);
    List<Object> entries = c.getListOrNull("layers");
    if (entries == null || entries.isEmpty()) {
      throw new IllegalArgumentException("The config of a functional model needs its `layers`. Received: " + config.keySet());
    }
    Map<String, Layer> byName = new LinkedHashMap<>();
    Map<String, List<Object>> pending = new LinkedHashMap<>();
    for (Object o : entries) {
      Map<String, Object> e = (Map<String, Object>) o;
      Layer l = Serialization.deserialize(e);
      byName.put(l.name(), l);
      pending.put(l.name(), e.get("inbound_nodes") == null ? null : new ArrayList<>((List<Object>) e.get("inbound_nodes")));
    }
    if (pending.values().stream().allMatch(v -> v == null)) {
      return chain(new ArrayList<>(byName.values()), c);
    }
    // The outputs of each layer's replayed calls, in order: node index k is the k-th.
    Map<String, List<List<KerasTensor>>> made = new LinkedHashMap<>();
    for (Layer l : byName.values()) {
      made.put(l.name(), new ArrayList<>());
      if (l instanceof InputLayer in) {
        made.get(l.name()).add(List.of(in.output()));
      }
    }
    boolean progress = true;
    while (progress) {
      progress = false;
      for (Map.Entry<String, List<Object>> p : pending.entrySet()) {
        List<Object> nodes = p.getValue();
        while (nodes != null && !nodes.isEmpty()) {
          Map<String, Object> node = keras3Node(nodes.get(0));
          List<KerasTensor> inputs = resolve(node.get("args"), made);
          if (inputs == null) {
            break; // an input is not made yet: come back after the others
          }
          Map<String, Object> kwargs = (Map<String, Object>) node.getOrDefault("kwargs", Map.of());
          Args.CallArg[] args = kwargs.get("training") instanceof Boolean b ? new Args.CallArg[] {new Args.Training(b)}
              : new Args.CallArg[0];
          made.get(p.getKey()).add(byName.get(p.getKey()).applyAll(inputs, args));
          nodes.remove(0);
          progress = true;
        }
      }
    }
    for (Map.Entry<String, List<Object>> p : pending.entrySet()) {
      if (p.getValue() != null && !p.getValue().isEmpty()) {
        throw new IllegalArgumentException("The config of functional model \"" + c.getString("name", null) + "\" cannot be"
            + " rebuilt: layer \"" + p.getKey() + "\" is called on tensors no layer makes.");
      }
    }
    Map<String, KerasTensor> inputs = tensors(c.get("input_layers"), made);
    Map<String, KerasTensor> outputs = tensors(c.get("output_layers"), made);
    String name = c.getString("name", null);
    Model model = Model.of(new ArrayList<>(inputs.values()),
        c.get("input_layers") instanceof Map<?, ?> ? new ArrayList<>(inputs.keySet()) : null,
        new ArrayList<>(outputs.values()), c.get("output_layers") instanceof Map<?, ?> ? new ArrayList<>(outputs.keySet()) : null,
        name);
    if (!c.getBoolean("trainable", true)) {
      model.setTrainable(false);
    }
    return model;
  }

  /**
   * A call as Keras 3 writes it ({@code {"args": [...], "kwargs": {...}}}), or Keras 2's form of it
   * (legacy {@code .h5} files: {@code [[layer, node, tensor, kwargs], ...]}) turned into Keras 3's.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> keras3Node(Object node) {
    if (node instanceof Map<?, ?>) {
      return (Map<String, Object>) node;
    }
    List<Object> tensors = new ArrayList<>();
    Object kwargs = Map.of();
    for (Object call : (List<Object>) node) {
      List<Object> t = (List<Object>) call;
      tensors.add(Map.of("class_name", "__keras_tensor__", "config", Map.of("keras_history", t.subList(0, 3))));
      if (t.size() > 3 && t.get(3) instanceof Map<?, ?> k) {
        kwargs = k;
      }
    }
    return Map.of("args", tensors.size() == 1 ? tensors : List.of(tensors), "kwargs", kwargs);
  }

  /** The tensors of a call's arguments (a tensor, or a list of them), or null when one is not made yet. */
  @SuppressWarnings("unchecked")
  private static List<KerasTensor> resolve(Object args, Map<String, List<List<KerasTensor>>> made) {
    List<KerasTensor> out = new ArrayList<>();
    for (Object a : (List<Object>) args) {
      List<Object> items = a instanceof List<?> l ? (List<Object>) l : List.of(a);
      for (Object item : items) {
        Map<String, Object> t = (Map<String, Object>) item;
        if (!"__keras_tensor__".equals(t.get("class_name"))) {
          throw new IllegalArgumentException("jkeras rebuilds calls on tensors only. Received the argument " + t);
        }
        List<Object> history = (List<Object>) ((Map<String, Object>) t.get("config")).get("keras_history");
        KerasTensor k = made(made, history);
        if (k == null) {
          return null;
        }
        out.add(k);
      }
    }
    return out;
  }

  private static KerasTensor made(Map<String, List<List<KerasTensor>>> made, List<Object> history) {
    List<List<KerasTensor>> calls = made.get((String) history.get(0));
    if (calls == null) {
      throw new IllegalArgumentException("The config refers to layer \"" + history.get(0) + "\", which it does not list.");
    }
    int node = ((Number) history.get(1)).intValue();
    int index = ((Number) history.get(2)).intValue();
    return node < calls.size() ? calls.get(node).get(index) : null;
  }

  /**
   * {@code input_layers} / {@code output_layers} (a bare triple, a list of triples, or a map of
   * them) as tensors by name: the map's keys, else the names of the layers that make them.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, KerasTensor> tensors(Object spec, Map<String, List<List<KerasTensor>>> made) {
    Map<String, Object> triples = new LinkedHashMap<>();
    if (spec instanceof Map<?, ?> m) {
      m.forEach((k, v) -> triples.put(String.valueOf(k), v));
    } else if (spec instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof String) {
      triples.put((String) l.get(0), l);
    } else if (spec instanceof List<?> l) {
      for (Object t : l) {
        triples.put((String) ((List<Object>) t).get(0) + "#" + triples.size(), t);
      }
    }
    Map<String, KerasTensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : triples.entrySet()) {
      KerasTensor k = made(made, (List<Object>) e.getValue());
      if (k == null) {
        throw new IllegalArgumentException("The config names an input or output, " + e.getValue()
            + ", that its layers do not make.");
      }
      out.put(e.getKey(), k);
    }
    return out;
  }

  /** Configs written before jkeras had graphs: the layers in a chain from the InputLayer. */
  private static Model chain(List<Layer> layers, Config c) {
    if (!(layers.get(0) instanceof InputLayer in)) {
      throw new IllegalArgumentException("A functional model config must start with its InputLayer.");
    }
    KerasTensor t = in.output();
    for (Layer l : layers.subList(1, layers.size())) {
      t = l.apply(t);
    }
    Model model = new Model(in.output(), t, c.getString("name", null));
    if (!c.getBoolean("trainable", true)) {
      model.setTrainable(false);
    }
    return model;
  }
}
