package org.jkeras.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jkeras.backend.KerasVariable;
import org.jkeras.backend.Shapes;
import org.jkeras.layers.Layer;
import org.tensorflow.ndarray.Shape;

/**
 * Keras 3's {@code model.summary()} table, as it prints to a non-terminal 80-column output: layer
 * name and class, output shape, parameter count, then total, trainable, non-trainable (and, once
 * the optimizer has state, optimizer) parameter counts with their sizes.
 */
final class Summary {
  // Keras: line length min(88, 80 - 4) = 76, column positions 0.45 / 0.80 / 1.0 of it.
  private static final int[] INNER = {33, 24, 15};

  private Summary() {}

  static String render(Model model, long optimizerParams, long optimizerBytes) {
    if (model.builtInputShape() == null) {
      throw Model.notBuilt();
    }
    List<Layer> layers = model instanceof Sequential ? ((Sequential) model).steps() : model.layers();
    List<Shape> shapes = model.layerOutputShapes();
    if (model instanceof Sequential) {
      shapes = shapes.subList(shapes.size() - layers.size(), shapes.size());
    }
    StringBuilder sb = new StringBuilder();
    sb.append("Model: \"").append(model.name()).append("\"\n");
    sb.append(border('┏', '━', '┳', '┓'));
    sb.append(row(new String[] {"Layer (type)", "Output Shape", "Param #"}, '┃'));
    sb.append(border('┡', '━', '╇', '┩'));
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      String name = l.name() + " (" + l.className() + ")";
      String params = String.format(Locale.ROOT, "%,d", l.countParams());
      sb.append(row(new String[] {name, Shapes.format(shapes.get(i)), params}, '│'));
      sb.append(i < layers.size() - 1 ? border('├', '─', '┼', '┤') : border('└', '─', '┴', '┘'));
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

  private static String border(char left, char fill, char mid, char right) {
    StringBuilder sb = new StringBuilder().append(left);
    for (int c = 0; c < INNER.length; c++) {
      sb.append(String.valueOf(fill).repeat(INNER[c]));
      sb.append(c < INNER.length - 1 ? mid : right);
    }
    return sb.append('\n').toString();
  }

  /** One table row; a cell too long for its column wraps onto more lines, as rich does. */
  private static String row(String[] cells, char sep) {
    List<List<String>> wrapped = new ArrayList<>();
    int lines = 1;
    for (int c = 0; c < cells.length; c++) {
      List<String> w = wrap(cells[c], INNER[c] - 2);
      wrapped.add(w);
      lines = Math.max(lines, w.size());
    }
    StringBuilder sb = new StringBuilder();
    for (int li = 0; li < lines; li++) {
      sb.append(sep);
      for (int c = 0; c < cells.length; c++) {
        String text = li < wrapped.get(c).size() ? wrapped.get(c).get(li) : "";
        int width = INNER[c] - 2;
        String padded = c == 2 ? " ".repeat(width - text.length()) + text : text + " ".repeat(width - text.length());
        sb.append(' ').append(padded).append(' ').append(sep);
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static List<String> wrap(String text, int width) {
    List<String> out = new ArrayList<>();
    String rest = text;
    while (rest.length() > width) {
      int cut = rest.lastIndexOf(' ', width);
      if (cut <= 0) {
        cut = width;
      }
      out.add(rest.substring(0, cut).stripTrailing());
      rest = rest.substring(cut).stripLeading();
    }
    out.add(rest);
    return out;
  }
}
