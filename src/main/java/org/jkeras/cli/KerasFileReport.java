package org.jkeras.cli;

import static org.jkeras.Kwargs.compile;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.jkeras.models.Model;
import org.jkeras.models.Models;
import org.jkeras.saving.KerasFile;
import org.jkeras.saving.KerasZipReader;
import org.jkeras.saving.Serialization;

/**
 * {@code jkeras inspect m.keras}: what a Keras 3 file holds, read within the archive's limits
 * without running anything: who wrote it and when, its members, the model's class and the layer
 * classes it uses (those jkeras lacks marked), its compile config, and the summary of the model
 * built from it.
 */
final class KerasFileReport {
  private KerasFileReport() {}

  static void print(Path file, PrintStream out) throws IOException {
    KerasFile.Contents contents = KerasFile.read(file);
    List<String> members = new ArrayList<>();
    try (KerasZipReader zip = KerasZipReader.open(file)) {
      for (String name : zip.names()) {
        members.add(String.format(Locale.ROOT, "%s (%,d bytes)", name, zip.declaredSize(name)));
      }
    }
    Map<String, Object> meta = contents.metadata();
    Map<String, Object> config = contents.config();
    out.println("Keras file: " + file);
    out.println("  written by Keras " + meta.getOrDefault("keras_version", "?") + " on " + meta.getOrDefault("date_saved", "?"));
    out.println("  members: " + String.join(", ", members));
    TreeSet<String> classes = new TreeSet<>();
    layerClasses(config, classes);
    List<String> listed = new ArrayList<>();
    for (String c : classes) {
      listed.add(Serialization.isKnown(c) ? c : c + " (not in jkeras)");
    }
    out.println("  model: " + config.get("class_name") + ", layer classes: " + String.join(", ", listed));
    Object compileConfig = config.get("compile_config");
    out.println("  compile config: " + (compileConfig instanceof Map<?, ?> c && !c.isEmpty() ? describe(c) : "none (not compiled)"));
    if (meta.get("class_names") != null) {
      out.println("  class names: " + meta.get("class_names"));
    }
    out.println();
    try (Model model = Models.loadModel(file, compile(false))) {
      out.print(model.summaryString());
    } catch (IllegalArgumentException e) {
      out.println("The model cannot be built in jkeras: " + e.getMessage());
    }
  }

  /** The classes of every layer in a config tree, nested models' included. */
  private static void layerClasses(Object node, TreeSet<String> out) {
    if (node instanceof Map<?, ?> m) {
      if (m.get("class_name") instanceof String c && m.get("config") instanceof Map<?, ?> inner) {
        out.add(c);
        if (inner.get("layers") instanceof List<?> layers) {
          layers.forEach(l -> layerClasses(l, out));
        }
      }
    }
  }

  private static String describe(Map<?, ?> compile) {
    Object opt = compile.get("optimizer");
    String optimizer = opt instanceof Map<?, ?> o ? o.get("class_name") + (o.get("config") instanceof Map<?, ?> oc
        ? "(learning_rate=" + oc.get("learning_rate") + ")" : "") : String.valueOf(opt);
    return "optimizer " + optimizer + ", loss " + compile.get("loss") + ", metrics " + compile.get("metrics");
  }
}
