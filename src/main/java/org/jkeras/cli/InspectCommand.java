package org.jkeras.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jkeras.backend.Shapes;
import org.jkeras.saving.KerasFile;
import org.jkeras.saving.SavedModelInfo;
import org.jkeras.saving.SavedModelScan;
import org.jkeras.saving.SavedModels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code inspect FILE.keras|DIR}: what a {@code .keras} file holds ({@link KerasFileReport}), or
 * what a SavedModel holds, read from its {@code saved_model.pb} without running
 * it (like TF's {@code saved_model_cli show --all}): signatures with their inputs and outputs
 * (names, dtypes, shapes), variables, the op types of its graph and functions, and the verdict of
 * {@link SavedModelScan}: whether predict and evaluate run it without {@code --trust-model}.
 */
@Command(name = "inspect", customSynopsis = "jkeras inspect FILE.keras|DIR",
    description = {"print what a .keras file or a SavedModel holds (layers, compile config; signatures, variables, op"
        + " types, safety)",
        "", "A .keras file: prints who wrote it and when, its members, its layer classes (those jkeras lacks marked), its"
        + " compile config and the summary of the model built from it. A SavedModel: reads the SavedModel in DIR (written by jkeras, Python Keras or TensorFlow) and prints its signatures"
        + " (inputs and outputs: name, dtype, shape, graph tensor), its variables (name, dtype, shape) and the op types"
        + " of its graph and functions, and whether its graph stays inside the model (safe) or reaches files, folders or"
        + " processes (unsafe: predict and evaluate refuse it without --trust-model). Nothing of the model runs."})
final class InspectCommand implements Callable<Integer> {
  @ParentCommand
  private Main jkeras;

  @Parameters(paramLabel = "FILE.keras|DIR", description = "a .keras file or a SavedModel folder")
  private Path dir;

  @Override
  public Integer call() throws Exception {
    PrintStream out = jkeras.out;
    if (KerasFile.isKerasPath(dir)) {
      KerasFileReport.print(dir, out);
      return 0;
    }
    SavedModelInfo info = SavedModelInfo.read(dir);
    out.println("SavedModel: " + dir);
    out.println("  tags " + info.tags() + ", written by TensorFlow " + (info.tensorflowVersion().isEmpty() ? "?" : info.tensorflowVersion())
        + ", " + (info.hasObjectGraph() ? "TF2 object graph (resource variables)" : "TF1-style graph (variable ops)")
        + (Files.isRegularFile(dir.resolve(SavedModels.CONFIG_FILE)) ? ", jkeras config " + SavedModels.CONFIG_FILE : ""));
    SavedModelScan scan = SavedModelScan.of(info);
    out.println("  safety: " + (scan.safe() ? "safe (every op is on the allow-list; files only through the checkpoint restore)"
        : "UNSAFE, " + scan.findings().size() + " op(s) reach outside the model; predict and evaluate refuse it without --trust-model"));
    List<SavedModelInfo.Signature> sigs = info.signatures();
    out.println();
    out.println("Signatures (" + sigs.size() + "):");
    for (SavedModelInfo.Signature s : sigs) {
      out.println("  " + s.key() + "  (" + s.methodName() + ")");
      out.println("    inputs:");
      for (SavedModelInfo.TensorSpec t : s.inputs()) {
        out.println("      " + t);
      }
      out.println("    outputs:");
      for (SavedModelInfo.TensorSpec t : s.outputs()) {
        out.println("      " + t);
      }
    }
    List<SavedModelInfo.Variable> vars = info.variables();
    long params = 0;
    int width = 0;
    for (SavedModelInfo.Variable v : vars) {
      params += v.shape().isUnknown() ? 0 : Math.max(0, v.shape().size());
      width = Math.max(width, v.name().length());
    }
    out.println();
    out.println(String.format(Locale.ROOT, "Variables (%d, %,d values):", vars.size(), params));
    for (SavedModelInfo.Variable v : vars) {
      out.println(String.format(Locale.ROOT, "  %-" + width + "s  %s %s%s", v.name(), v.dtype(), Shapes.format(v.shape()),
          v.trainable() ? "" : "  (non-trainable)"));
    }
    Map<String, Integer> ops = info.opTypes();
    int nodes = ops.values().stream().mapToInt(Integer::intValue).sum();
    out.println();
    out.println(String.format(Locale.ROOT, "Op types (%d types, %,d nodes in the graph and its functions):", ops.size(), nodes));
    for (Map.Entry<String, Integer> e : ops.entrySet()) {
      out.println(String.format(Locale.ROOT, "  %-32s %,d", e.getKey(), e.getValue()));
    }
    if (!scan.safe()) {
      out.println();
      out.println("Unsafe ops (" + scan.findings().size() + "):");
      for (SavedModelScan.Finding f : scan.findings()) {
        out.println("  " + f);
      }
    }
    return 0;
  }
}
