package org.jkeras.models;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jkeras.layers.InputLayer;
import org.jkeras.layers.KerasTensor;
import org.jkeras.layers.Layer;
import org.jkeras.layers.Node;

/**
 * The part of a functional graph between a model's inputs and outputs, as Keras's {@code
 * map_graph}: the nodes to run in order, and the model's layers in Keras's order (by decreasing
 * depth from the outputs, layers of one depth in the order a walk back from the outputs first
 * met them), which is the order of {@code model.layers}, of {@code summary()} and of the weights
 * file's {@code layers/...} groups.
 *
 * <p>Refused as Keras refuses them: an output that cannot be computed from the inputs ("Graph
 * disconnected"), a cycle, two layers with one name.
 */
final class FunctionalGraph {
  /** The nodes to run, in an order that computes every input before it is used (decreasing depth). */
  final List<Node> nodes;
  /** The model's layers, Keras's order; input layers first. */
  final List<Layer> layers;

  private FunctionalGraph(List<Node> nodes, List<Layer> layers) {
    this.nodes = nodes;
    this.layers = layers;
  }

  static FunctionalGraph map(List<KerasTensor> inputs, List<KerasTensor> outputs) {
    // Walk back from each output, as Keras's _build_map: nodes finish inputs-first, and each layer
    // is numbered in the order it is first met.
    Walk walk = new Walk(inputs);
    for (KerasTensor out : outputs) {
      walk.visit(out);
    }
    // Depths: 0 for the last node of a walk from the outputs, one more for each node it needs; a
    // layer takes the largest depth of its nodes.
    Map<Node, Integer> nodeDepth = new IdentityHashMap<>();
    Map<Layer, Integer> layerDepth = new IdentityHashMap<>();
    List<Node> finished = walk.finished;
    for (int i = finished.size() - 1; i >= 0; i--) {
      Node node = finished.get(i);
      int depth = Math.max(nodeDepth.getOrDefault(node, 0), layerDepth.getOrDefault(node.layer(), 0));
      layerDepth.put(node.layer(), depth);
      nodeDepth.put(node, depth);
      if (!walk.stopsAt(node)) {
        for (KerasTensor t : node.inputs()) {
          nodeDepth.merge(t.node(), depth + 1, Math::max);
        }
      }
    }
    // Inputs that no output needs still belong to the model.
    for (KerasTensor in : inputs) {
      if (!layerDepth.containsKey(in.layer())) {
        layerDepth.put(in.layer(), 0);
        walk.order.put(in.layer(), -1);
        nodeDepth.put(in.node(), 0);
      }
    }
    List<Layer> layers = new ArrayList<>(layerDepth.keySet());
    layers.sort(Comparator.comparing((Layer l) -> -layerDepth.get(l)).thenComparing(walk.order::get));
    TreeMap<Integer, List<Node>> byDepth = new TreeMap<>(Collections.reverseOrder());
    for (Node n : finished) {
      byDepth.computeIfAbsent(nodeDepth.get(n), d -> new ArrayList<>()).add(n);
    }
    List<Node> nodes = new ArrayList<>();
    byDepth.values().forEach(nodes::addAll);
    nodes = checkComputable(inputs, nodes, walk);
    checkUniqueNames(layers);
    return new FunctionalGraph(List.copyOf(nodes), List.copyOf(layers));
  }

  /** The depth-first walk from the outputs back to the inputs. */
  private static final class Walk {
    final Set<KerasTensor> inputs = Collections.newSetFromMap(new IdentityHashMap<>());
    final List<Node> finished = new ArrayList<>();
    final Set<Node> done = Collections.newSetFromMap(new IdentityHashMap<>());
    final Set<Node> inProgress = Collections.newSetFromMap(new IdentityHashMap<>());
    final Map<Layer, Integer> order = new IdentityHashMap<>();

    Walk(List<KerasTensor> inputs) {
      this.inputs.addAll(inputs);
    }

    /** True when the walk does not go past {@code node}: a graph input, or a node whose output is a model input. */
    boolean stopsAt(Node node) {
      if (node.isInput()) {
        return true;
      }
      for (KerasTensor t : node.outputs()) {
        if (inputs.contains(t)) {
          return true;
        }
      }
      return false;
    }

    void visit(KerasTensor tensor) {
      Node node = tensor.node();
      if (done.contains(node)) {
        return;
      }
      if (!inProgress.add(node)) {
        throw new IllegalArgumentException("Tensor " + tensor + " from operation '" + node.layer().name() + "' is part of a cycle.");
      }
      order.putIfAbsent(node.layer(), order.size());
      if (!node.isInput() && !inputs.contains(tensor)) {
        for (KerasTensor t : node.inputs()) {
          visit(t);
        }
      }
      done.add(node);
      inProgress.remove(node);
      finished.add(node);
    }
  }

  /**
   * Keras's check that every tensor the nodes need is a model input or computed by an earlier
   * node; returns the nodes to run (not those whose outputs are model inputs).
   */
  private static List<Node> checkComputable(List<KerasTensor> inputs, List<Node> nodes, Walk walk) {
    Set<KerasTensor> computable = Collections.newSetFromMap(new IdentityHashMap<>());
    computable.addAll(inputs);
    List<String> fine = new ArrayList<>();
    List<Node> run = new ArrayList<>();
    for (Node node : nodes) {
      if (node.isInput() && !computable.contains(node.outputs().get(0))) {
        throw disconnected(node.outputs().get(0), node, fine);
      }
      if (!walk.stopsAt(node)) {
        for (KerasTensor t : node.inputs()) {
          if (!computable.contains(t)) {
            throw disconnected(t, node, fine);
          }
        }
        run.add(node);
      }
      fine.add(node.layer().name());
      computable.addAll(node.outputs());
    }
    return run;
  }

  private static IllegalArgumentException disconnected(KerasTensor t, Node node, List<String> fine) {
    return new IllegalArgumentException("Graph disconnected: cannot find parent for tensor " + t + " at operation '"
        + node.layer().name() + "'. The following previous operations were accessed without issue: " + fine);
  }

  private static void checkUniqueNames(List<Layer> layers) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Layer l : layers) {
      counts.merge(l.name(), 1, Integer::sum);
    }
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      if (e.getValue() > 1) {
        throw new IllegalArgumentException("The name \"" + e.getKey() + "\" is used " + e.getValue()
            + " times in the model. All operation names should be unique.");
      }
    }
  }

  /** The layers of {@link #layers} that compute (not the input layers). */
  List<Layer> computingLayers() {
    List<Layer> out = new ArrayList<>();
    for (Layer l : layers) {
      if (!(l instanceof InputLayer)) {
        out.add(l);
      }
    }
    return out;
  }
}
