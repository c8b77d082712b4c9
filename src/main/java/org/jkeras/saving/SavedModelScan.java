package org.jkeras.saving;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

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
 * safer than deciding what runs. jkeras's exports and Keras's ({@code model.export},
 * {@code tf.saved_model.save}) pass.
 */
public final class SavedModelScan {
  /** A TF2 SavedModel's init signature. */
  static final String INIT_SIGNATURE = "__saved_model_init_op";
  /** The collections whose nodes a loader runs after the restore (TF1, TF-Java). */
  static final List<String> INIT_COLLECTIONS = List.of("saved_model_main_op", "legacy_init_op", "table_initializer");
  /** How many findings a message names. */
  private static final int SHOWN = 5;

  /**
   * One op that makes the model unsafe: its type, its node, the library function it sits in (null
   * for the graph itself) and what is wrong with it.
   */
  public record Finding(String op, String node, String function, String reason) {
    @Override
    public String toString() {
      return op + " (" + reason + "; node `" + node + "` " + (function == null ? "of the graph" : "in function `" + function + "`") + ")";
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
    return new SavedModelScan(info.dir().resolve("saved_model.pb"), new Scanner(info.metaGraph()).run());
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

  /** One pass over a meta graph. */
  private static final class Scanner {
    private final MetaGraphDef meta;
    private final Map<String, NodeDef> nodes = new LinkedHashMap<>();
    private final Map<String, FunctionDef> functions = new LinkedHashMap<>();
    private final List<Finding> found = new ArrayList<>();
    private final String filename;
    private final Set<String> restore;
    private final Set<String> save;
    private final Set<String> load;
    private final Set<String> model;

    Scanner(MetaGraphDef meta) {
      this.meta = meta;
      for (NodeDef n : meta.getGraphDef().getNodeList()) {
        nodes.put(n.getName(), n);
      }
      for (FunctionDef f : meta.getGraphDef().getLibrary().getFunctionList()) {
        functions.put(f.getSignature().getName(), f);
      }
      SaverDef saver = meta.getSaverDef();
      filename = nodeName(saver.getFilenameTensorName());
      restore = closure(List.of(nodeName(saver.getRestoreOpName())));
      save = closure(List.of(nodeName(saver.getSaveTensorName())));
      Set<String> initRoots = initRoots();
      load = new HashSet<>(restore);
      load.addAll(closure(initRoots));
      List<String> others = new ArrayList<>();
      for (String n : nodes.keySet()) {
        if (!restore.contains(n) && !save.contains(n)) {
          others.add(n);
        }
      }
      model = closure(others);
    }

    List<Finding> run() {
      // Where each function can be called from: the model, the loader, the saver's save path.
      Set<String> fromModel = callees(model);
      Set<String> fromLoad = callees(load);
      Set<String> saveOnly = new HashSet<>();
      for (String n : save) {
        if (!model.contains(n) && !load.contains(n)) {
          saveOnly.add(n);
        }
      }
      Set<String> fromSave = callees(saveOnly);
      Map<String, Integer> restorePrefixArg = restoreFunctions(fromModel);
      for (NodeDef n : nodes.values()) {
        check(n, null, model.contains(n.getName()), load.contains(n.getName()),
            save.contains(n.getName()) && saveOnly.contains(n.getName()),
            restore.contains(n.getName()) && !model.contains(n.getName()) && prefixIsFilename(n.getInputCount() > 0 ? n.getInput(0) : ""));
      }
      for (FunctionDef f : functions.values()) {
        String name = f.getSignature().getName();
        Integer prefixArg = restorePrefixArg.get(name);
        for (NodeDef n : f.getNodeDefList()) {
          boolean restoreHere = prefixArg != null && n.getInputCount() > 0
              && n.getInput(0).equals(f.getSignature().getInputArg(prefixArg).getName());
          check(n, name, fromModel.contains(name) || !(fromLoad.contains(name) || fromSave.contains(name)),
              fromLoad.contains(name), fromSave.contains(name) && !fromModel.contains(name) && !fromLoad.contains(name),
              restoreHere);
        }
      }
      return found;
    }

    /**
     * One op: {@code inModel} (the model may run it, or nothing calls it), {@code atLoad} (the loader
     * runs it), {@code saveOnly} (only the saver's save path holds it), {@code restoreOfLoader} (a
     * restore the loader feeds with the model's own checkpoint).
     */
    private void check(NodeDef n, String function, boolean inModel, boolean atLoad, boolean saveOnly, boolean restoreOfLoader) {
      String op = n.getOp();
      String wrong = null;
      if (SafeOps.CHECKPOINT.contains(op)) {
        if (op.equals("RestoreV2") ? !restoreOfLoader : !saveOnly || inModel) {
          wrong = op.equals("RestoreV2") ? "reads a checkpoint other than the loader's restore of the model's variables"
              : "writes a checkpoint outside the saver";
        }
      } else if (!SafeOps.ALLOWED.contains(op) && !functions.containsKey(op)) {
        wrong = SafeOps.hint(op);
      }
      if (wrong == null && atLoad && !SafeOps.AT_LOAD.contains(op) && !functions.containsKey(op)) {
        wrong = "runs when the model loads, where only variable restore and assignment belong";
      }
      if (wrong != null) {
        found.add(new Finding(op, n.getName(), function, wrong));
      }
    }

    /**
     * The functions holding the loader's restore: called only from the graph's restore op (not from
     * the model nor from another function), with the loader's filename tensor as one argument. Maps
     * each to the index of that argument.
     */
    private Map<String, Integer> restoreFunctions(Set<String> fromModel) {
      Map<String, Integer> out = new HashMap<>();
      Set<String> calledByFunctions = new HashSet<>();
      for (FunctionDef f : functions.values()) {
        for (NodeDef n : f.getNodeDefList()) {
          calledByFunctions.addAll(called(n));
        }
      }
      Set<String> refused = new HashSet<>(fromModel);
      refused.addAll(calledByFunctions);
      Map<String, Integer> candidates = new HashMap<>();
      for (NodeDef n : nodes.values()) {
        for (String f : called(n)) {
          boolean ownRestore = restore.contains(n.getName()) && !model.contains(n.getName());
          int arg = -1;
          for (int i = 0; i < n.getInputCount() && ownRestore; i++) {
            if (prefixIsFilename(n.getInput(i))) {
              arg = i;
              break;
            }
          }
          Integer before = candidates.putIfAbsent(f, arg);
          if (arg < 0 || (before != null && before != arg)) {
            refused.add(f);
          }
        }
      }
      for (Map.Entry<String, Integer> e : candidates.entrySet()) {
        FunctionDef f = functions.get(e.getKey());
        if (!refused.contains(e.getKey()) && f != null && e.getValue() < f.getSignature().getInputArgCount()) {
          out.put(e.getKey(), e.getValue());
        }
      }
      return out;
    }

    private boolean prefixIsFilename(String input) {
      return !filename.isEmpty() && !input.startsWith("^") && nodeName(input).equals(filename);
    }

    /** The graph nodes the loader runs after the restore: TF2's init signature, TF1's init collections. */
    private Set<String> initRoots() {
      Set<String> roots = new HashSet<>();
      SignatureDef init = meta.getSignatureDefMap().get(INIT_SIGNATURE);
      if (init != null) {
        for (TensorInfo t : init.getOutputsMap().values()) {
          roots.add(nodeName(t.getName()));
        }
      }
      for (String key : INIT_COLLECTIONS) {
        CollectionDef c = meta.getCollectionDefMap().get(key);
        if (c != null) {
          for (String v : c.getNodeList().getValueList()) {
            roots.add(nodeName(v));
          }
        }
      }
      return roots;
    }

    /** The graph nodes {@code roots} need, through data and control inputs. */
    private Set<String> closure(Collection<String> roots) {
      Set<String> seen = new HashSet<>();
      Deque<String> todo = new ArrayDeque<>();
      for (String r : roots) {
        if (nodes.containsKey(r) && seen.add(r)) {
          todo.add(r);
        }
      }
      while (!todo.isEmpty()) {
        for (String in : nodes.get(todo.poll()).getInputList()) {
          String name = nodeName(in);
          if (nodes.containsKey(name) && seen.add(name)) {
            todo.add(name);
          }
        }
      }
      return seen;
    }

    /** The library functions the graph nodes {@code from} call, directly or through other functions. */
    private Set<String> callees(Set<String> from) {
      Set<String> seen = new HashSet<>();
      Deque<String> todo = new ArrayDeque<>();
      for (String n : from) {
        for (String f : called(nodes.get(n))) {
          if (seen.add(f)) {
            todo.add(f);
          }
        }
      }
      while (!todo.isEmpty()) {
        FunctionDef f = functions.get(todo.poll());
        for (NodeDef n : f.getNodeDefList()) {
          for (String g : called(n)) {
            if (seen.add(g)) {
              todo.add(g);
            }
          }
        }
      }
      return seen;
    }

    /** The library functions one node calls: by its op type or through a function attribute. */
    private List<String> called(NodeDef n) {
      List<String> out = new ArrayList<>();
      if (functions.containsKey(n.getOp())) {
        out.add(n.getOp());
      }
      for (AttrValue v : n.getAttrMap().values()) {
        if (v.hasFunc() && functions.containsKey(v.getFunc().getName())) {
          out.add(v.getFunc().getName());
        }
        for (var f : v.getList().getFuncList()) {
          if (functions.containsKey(f.getName())) {
            out.add(f.getName());
          }
        }
      }
      return out;
    }
  }

  /** The node of a tensor or input name: {@code ^a}, {@code a:0}, {@code a:output:0} are {@code a}. */
  static String nodeName(String input) {
    String s = input.startsWith("^") ? input.substring(1) : input;
    int colon = s.indexOf(':');
    return colon < 0 ? s : s.substring(0, colon);
  }
}
