package org.jkeras.saving;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jkeras.saving.SavedModelScan.Finding;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * One pass of {@link SavedModelScan}'s rules over a meta graph. It sorts the graph's nodes by who
 * runs them: the saver's restore op (run by the loader, fed the model's own checkpoint prefix), the
 * init op (run by the loader), the saver's save path (run by no one here) and the model (what
 * signatures, or anyone holding the session, may run); and the library functions by the nodes that
 * call them. A function nothing calls counts as the model's.
 */
final class GraphScanner {
  /** A TF2 SavedModel's init signature. */
  static final String INIT_SIGNATURE = "__saved_model_init_op";
  /** The collections whose nodes a loader runs after the restore (TF1, TF-Java). */
  static final List<String> INIT_COLLECTIONS = List.of("saved_model_main_op", "legacy_init_op", "table_initializer");

  private final MetaGraphDef meta;
  private final Map<String, NodeDef> nodes = new LinkedHashMap<>();
  private final Map<String, FunctionDef> functions = new LinkedHashMap<>();
  private final List<Finding> found = new ArrayList<>();
  private final String filename;
  private final Set<String> restore;
  private final Set<String> save;
  private final Set<String> load;
  private final Set<String> model;

  GraphScanner(MetaGraphDef meta) {
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
    // The model: every node outside the saver, and whatever a signature names even if the saver_def
    // claims it (a restore_op_name pointing into the serving graph must not hide a RestoreV2 there).
    List<String> roots = new ArrayList<>();
    for (String n : nodes.keySet()) {
      if (!restore.contains(n) && !save.contains(n)) {
        roots.add(n);
      }
    }
    for (SignatureDef sig : meta.getSignatureDefMap().values()) {
      for (TensorInfo t : sig.getInputsMap().values()) {
        roots.add(nodeName(t.getName()));
      }
      for (TensorInfo t : sig.getOutputsMap().values()) {
        roots.add(nodeName(t.getName()));
      }
    }
    model = closure(roots);
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
          saveOnly.contains(n.getName()),
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

  /** The node of a tensor or input name: {@code ^a}, {@code a:0}, {@code a:output:0} are {@code a}. */
  static String nodeName(String input) {
    String s = input.startsWith("^") ? input.substring(1) : input;
    int colon = s.indexOf(':');
    return colon < 0 ? s : s.substring(0, colon);
  }
}
