package org.jkeras.saving;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Whether a SavedModel's graph stays inside the model, read from {@code saved_model.pb} before any
 * of it runs. TensorFlow's own security model says a SavedModel is a program: loading one runs its
 * restore and init ops, serving it runs its signature's functions, and any of them may read or
 * write files, list folders or start processes. jkeras refuses such a model unless the caller says
 * it trusts it ({@code --trust-model}, {@code ServingModel.load(dir, trusted(true))}).
 *
 * <p>The rules, over the graph and every function of its library (reachable or not):
 * <ol>
 *   <li>Every op is on {@link SafeOps#ALLOWED}, or is a call of a library function, or is a
 *       checkpoint op the saver owns (rule 2).
 *   <li>{@code RestoreV2} sits only in the saver's restore op (the {@code saver_def}'s
 *       {@code restore_op_name}, {@code save/restore_all} in TF1 graphs, a
 *       {@code StatefulPartitionedCall} of {@code __inference__traced_restore} in TF2 ones), is used
 *       by nothing else, and reads the prefix the loader feeds ({@code filename_tensor_name}: the
 *       SavedModel's own {@code variables/variables}). {@code SaveV2} and
 *       {@code MergeV2Checkpoints} sit only in the saver's save path, which neither the loader nor
 *       jkeras runs.
 *   <li>What the loader runs (the restore op, and the init op: {@code __saved_model_init_op},
 *       {@code saved_model_main_op}, {@code legacy_init_op}, TF-Java's {@code table_initializer})
 *       does no more than restore and assign variables ({@link SafeOps#AT_LOAD}).
 * </ol>
 * A model that breaks a rule anywhere is unsafe, even in a function no signature calls: simpler and
 * safer than deciding what runs. So is a folder that also holds a {@code saved_model.cpb} (TF's
 * chunked format, which jkeras cannot read and TF may load instead of the scanned
 * {@code saved_model.pb}). jkeras's exports and Keras's ({@code model.export},
 * {@code tf.saved_model.save}) pass.
 */
public final class SavedModelScan {
  private static final String CHUNKED = "saved_model.cpb";
  /** How many findings a message names. */
  private static final int SHOWN = 5;

  /**
   * One op that makes the model unsafe: its type, its node, the library function it sits in (null
   * for the graph itself) and what is wrong with it.
   */
  public record Finding(String op, String node, String function, String reason) {
    @Override
    public String toString() {
      String where = node.isEmpty() ? "" : "; node `" + node + "` " + (function == null ? "of the graph" : "in function `" + function + "`");
      return op + " (" + reason + where + ")";
    }
  }

  private final Path file;
  private final List<Finding> findings;

  private SavedModelScan(Path file, List<Finding> findings) {
    this.file = file;
    this.findings = Collections.unmodifiableList(findings);
  }

  /** Scans the SavedModel in {@code dir} (reads its {@code saved_model.pb}, runs nothing). */
  public static SavedModelScan scan(Path dir) throws IOException {
    return of(SavedModelInfo.read(dir));
  }

  public static SavedModelScan of(SavedModelInfo info) {
    List<Finding> findings = new ArrayList<>();
    if (Files.exists(info.dir().resolve(CHUNKED))) {
      // TF's reader may prefer the chunked form (proto splitter) to the saved_model.pb scanned here.
      findings.add(new Finding(CHUNKED, "", null, "a chunked graph jkeras cannot scan, which TensorFlow may load instead"));
    }
    findings.addAll(new GraphScanner(info.metaGraph()).run());
    return new SavedModelScan(info.dir().resolve("saved_model.pb"), findings);
  }

  /** True when no rule is broken. */
  public boolean safe() {
    return findings.isEmpty();
  }

  /** The ops that make the model unsafe, graph first, then the library in its order. */
  public List<Finding> findings() {
    return findings;
  }

  /** {@code safe}, or {@code unsafe: } and the first findings. */
  public String verdict() {
    return safe() ? "safe" : "unsafe: " + listed();
  }

  /**
   * @throws SecurityException naming the file, the ops and where they sit, when the model is unsafe
   */
  public void requireSafe() {
    if (!safe()) {
      throw new SecurityException("Refusing to run the SavedModel " + file + ": its graph reaches outside the model through "
          + listed() + ". A SavedModel is a program: run it only if you trust its author"
          + " (--trust-model on the command line, trusted(true) in ServingModel.load).");
    }
  }

  private String listed() {
    List<String> shown = new ArrayList<>();
    for (Finding f : findings.subList(0, Math.min(SHOWN, findings.size()))) {
      shown.add(f.toString());
    }
    return String.join(", ", shown) + (findings.size() > SHOWN ? " and " + (findings.size() - SHOWN) + " more" : "");
  }
}
