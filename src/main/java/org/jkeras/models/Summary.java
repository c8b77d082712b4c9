package org.jkeras.models;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jkeras.backend.KerasVariable;
import org.jkeras.backend.Shapes;
import org.jkeras.layers.KerasTensor;
import org.jkeras.layers.Layer;
import org.jkeras.layers.Node;

/**
 * Keras 3's {@code model.summary()} table, as it prints to a non-terminal 80-column output: layer
 * name and class, output shape, parameter count, and for a functional model that is not a plain
 * chain, what each layer is connected to ({@code stem[0][0]}: layer, call, output); then total,
 * trainable, non-trainable (and, once the optimizer has state, optimizer) parameter counts with
 * their sizes. A cell wraps at spaces; a word too long for its cell is cut with an ellipsis, as
 * rich prints it.
 */
final class Summary {
  // Keras: line length min(88 or 108, 80 - 4) = 76; column positions 0.45 / 0.80 / 1.0 of it with
  // three columns, 0.3 / 0.56 / 0.74 / 1.0 with four, as rich then fits them to the table width.
  private static final int[] THREE = {33, 24, 15};
  private static final int[] FOUR = {21, 19, 12, 19};

  private Summary() {}

  static String render(Model model, long optimizerParams, long optimizerBytes) {
    if (model.builtInputShape() == null) {
      throw Model.notBuilt();
    }
    List<Layer> layers = model.layers();
    boolean connections = !(model instanceof Sequential) && !isChain(model);
    int[] widths = connections ? FOUR : THREE;
    String[] header = connections ? new String[] {"Layer (type)", "Output Shape", "Param #", "Connected to"}
        : new String[] {"Layer (type)", "Output Shape", "Param #"};
    StringBuilder sb = new StringBuilder();
    sb.append("Model: \"").append(model.name()).append("\"\n");
    sb.append(border(widths, '┏', '━', '┳', '┓'));
    sb.append(row(widths, header, '┃'));
    sb.append(border(widths, '┡', '━', '╇', '┩'));
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      List<Node> nodes = nodesIn(model, l);
      String name = l.name() + " (" + l.className() + ")";
      String shape = Shapes.format(nodes.get(nodes.size() - 1).outputs().get(0).shape());
      String params = String.format(Locale.ROOT, "%,d", l.countParams());
      String[] cells = connections ? new String[] {name, shape, params, connectedTo(nodes)} : new String[] {name, shape, params};
      sb.append(row(widths, cells, '│'));
      sb.append(i < layers.size() - 1 ? border(widths, '├', '─', '┼', '┤') : border(widths, '└', '─', '┴', '┘'));
    }
    long trainable = count(model.trainableWeights());
    long nonTrainable = count(model.nonTrainableWeights());
    long total = trainable + nonTrainable + optimizerParams;
    sb.append(line(" Total params: ", total, (trainable + nonTrainable) * 4 + optimizerBytes));
    sb.append(line(" Trainable params: ", trainable, trainable * 4));
    sb.append(line(" Non-trainable params: ", nonTrainable, nonTrainable * 4));
    if (optimizerParams > 0) {
      sb.append(line(" Optimizer params: ", optimizerParams, optimizerBytes));
    }
    return sb.toString();
  }

  /** The calls of {@code layer} in this model (its input layer's own node for an input). */
  private static List<Node> nodesIn(Model model, Layer layer) {
    List<Node> out = new ArrayList<>();
    for (Node n : layer.inboundNodes()) {
      if (model.nodes().contains(n) || (n.isInput() && model.inputs().contains(n.outputs().get(0)))) {
        out.add(n);
      }
    }
    if (out.isEmpty()) {
      out.add(model.firstNodeIn(layer));
    }
    return out;
  }

  /**
   * Keras's "sequential-like" test: one input and one output, each layer called once, no call on
   * several tensors, no tensor used twice. Such a model prints three columns.
   */
  private static boolean isChain(Model model) {
    if (model.inputs().size() != 1 || model.outputs().size() != 1) {
      return false;
    }
    Set<Layer> seen = new HashSet<>();
    Set<KerasTensor> used = new HashSet<>();
    for (Node n : model.nodes()) {
      if (n.inputs().size() > 1 || !seen.add(n.layer())) {
        return false;
      }
      for (KerasTensor t : n.inputs()) {
        if (!used.add(t)) {
          return false;
        }
      }
    }
    return true;
  }

  /** {@code layer[node][tensor]} for each input of each call, joined by ", "; "-" for an input layer. */
  private static String connectedTo(List<Node> nodes) {
    List<String> parts = new ArrayList<>();
    for (Node n : nodes) {
      for (KerasTensor t : n.inputs()) {
        parts.add(t.layer().name() + "[" + t.node().index() + "][" + t.index() + "]");
      }
    }
    return parts.isEmpty() ? "-" : String.join(", ", parts);
  }

  private static long count(List<KerasVariable> weights) {
    long n = 0;
    for (KerasVariable v : weights) {
      n += v.size();
    }
    return n;
  }

  private static String line(String label, long count, long bytes) {
    return label + String.format(Locale.ROOT, "%,d", count) + " (" + readableSize(bytes) + ")\n";
  }

  /** Keras's {@code readable_memory_size}: 1024-based units, two decimals. */
  static String readableSize(double bytes) {
    String[] units = {"B", "KB", "MB", "GB", "TB", "PB"};
    for (String unit : units) {
      if (bytes / 1024 < 1) {
        return String.format(Locale.ROOT, "%.2f %s", bytes, unit);
      }
      bytes /= 1024;
    }
    return String.format(Locale.ROOT, "%.2f %s", bytes, units[units.length - 1]);
  }

  private static String border(int[] widths, char left, char fill, char mid, char right) {
    StringBuilder sb = new StringBuilder().append(left);
    for (int c = 0; c < widths.length; c++) {
      sb.append(String.valueOf(fill).repeat(widths[c]));
      sb.append(c < widths.length - 1 ? mid : right);
    }
    return sb.append('\n').toString();
  }

  /** One table row; a cell too long for its column wraps onto more lines, as rich does. */
  private static String row(int[] widths, String[] cells, char sep) {
    List<List<String>> wrapped = new ArrayList<>();
    int lines = 1;
    for (int c = 0; c < cells.length; c++) {
      List<String> w = wrap(cells[c], widths[c] - 2);
      wrapped.add(w);
      lines = Math.max(lines, w.size());
    }
    StringBuilder sb = new StringBuilder();
    for (int li = 0; li < lines; li++) {
      sb.append(sep);
      for (int c = 0; c < cells.length; c++) {
        String text = li < wrapped.get(c).size() ? wrapped.get(c).get(li) : "";
        int width = widths[c] - 2;
        String padded = c == 2 ? " ".repeat(width - text.length()) + text : text + " ".repeat(width - text.length());
        sb.append(' ').append(padded).append(' ').append(sep);
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** Words filled greedily into lines of {@code width}; a word longer than a line is cut with "…". */
  static List<String> wrap(String text, int width) {
    List<String> out = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (word.length() > width) {
        word = word.substring(0, width - 1) + "…";
      }
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        out.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    out.add(line.toString());
    return out;
  }
}
