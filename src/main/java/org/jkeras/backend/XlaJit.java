package org.jkeras.backend;

import com.google.protobuf.ByteString;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.tensorflow.ExecutionEnvironment;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.internal.c_api.TF_Buffer;
import org.tensorflow.internal.c_api.TF_Function;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_ImportGraphDefOptions;
import org.tensorflow.internal.c_api.TF_Operation;
import org.tensorflow.internal.c_api.TF_Output;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.global.tensorflow;
import org.tensorflow.op.Op;
import org.tensorflow.op.core.NoOp;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;

/**
 * Keras's {@code jit_compile=True} on TF-Java: a step compiled whole by XLA ({@link #launch}), or
 * its ops marked for XLA's clustering ({@link #mark}) when XLA cannot compile all of them.
 *
 * <p>TF's CPU runtime compiles with XLA the ops that carry the attribute {@code _XlaCompile=true}
 * (what TF1's {@code jit_scope} sets; clusters of such ops become {@code _XlaCompile}/{@code
 * _XlaRun} pairs when the session runs them). Session-wide auto-clustering ({@code
 * global_jit_level}) does not work on CPU in this runtime: it needs {@code
 * TF_XLA_FLAGS=--tf_xla_cpu_global_jit} in the environment when the native library loads (see
 * docs/mixed-precision.md). An attribute cannot be added to an op once built, and a step's
 * gradients are built by TF's C API, so {@link #mark} copies the ops that a step added to the
 * graph, each with the attribute, through one {@code ImportGraphDef} whose inputs from outside the
 * step are mapped to the existing ops. Variables, placeholders and initializers are not copied: the
 * copies read and update the same variables and take the same feeds. The original ops stay in the
 * graph, never run.
 */
public final class XlaJit {
  private static final Set<String> NOT_COPIED = Set.of("VariableV2", "VarHandleOp", "Placeholder", "PlaceholderWithDefault");

  private XlaJit() {}

  /** The names of the graph's ops now: {@link #mark} copies the ops added after. */
  public static Set<String> opNames(Graph graph) {
    Set<String> names = new HashSet<>();
    Iterator<GraphOperation> it = graph.operations();
    while (it.hasNext()) {
      names.add(it.next().name());
    }
    return names;
  }

  /**
   * Copies every op added to {@code graph} since {@code before} (but variables, placeholders and
   * initializers) under {@code prefix} ({@code xla/}; {@code xla_1/}... when taken: a graph may hold
   * several marked steps), marked {@code _XlaCompile}; returns what maps an operand or op of the
   * step to its copy (itself when not copied).
   */
  public static Remap mark(Graph graph, Set<String> before, String scope) {
    String prefix = freePrefix(graph, scope);
    GraphDef def = graph.toGraphDef();
    Set<String> copied = new LinkedHashSet<>();
    for (NodeDef n : def.getNodeList()) {
      GraphOperation op = graph.operation(n.getName());
      if (!before.contains(n.getName()) && !NOT_COPIED.contains(n.getOp()) && !graph.isInitializer(op)) {
        copied.add(n.getName());
      }
    }
    GraphDef.Builder sub = GraphDef.newBuilder().setVersions(def.getVersions());
    Set<String> dataInputs = new LinkedHashSet<>();
    Set<String> controlInputs = new LinkedHashSet<>();
    AttrValue yes = AttrValue.newBuilder().setB(true).build();
    for (NodeDef n : def.getNodeList()) {
      if (!copied.contains(n.getName())) {
        continue;
      }
      NodeDef.Builder b = n.toBuilder().setName(prefix + n.getName()).clearInput();
      for (String in : n.getInputList()) {
        boolean control = in.startsWith("^");
        String ref = control ? in.substring(1) : in;
        String name = nodeName(ref);
        if (copied.contains(name)) {
          b.addInput((control ? "^" : "") + prefix + ref);
        } else {
          b.addInput(in);
          (control ? controlInputs : dataInputs).add(ref);
        }
      }
      if (n.containsAttr("_class")) {
        // Colocation with another op of the step (TF's gradients colocate a gradient with its op):
        // with that op's copy, which is the one that exists under the new name.
        AttrValue.ListValue.Builder groups = AttrValue.ListValue.newBuilder();
        for (ByteString g : n.getAttrOrThrow("_class").getList().getSList()) {
          String loc = g.toStringUtf8();
          String target = loc.startsWith("loc:@") ? loc.substring(5) : null;
          groups.addS(target != null && copied.contains(target)
              ? ByteString.copyFromUtf8("loc:@" + prefix + target) : g);
        }
        b.putAttr("_class", AttrValue.newBuilder().setList(groups).build());
      }
      b.putAttr("_XlaCompile", yes);
      sub.addNode(b);
    }
    importWithInputs(graph, sub.build(), dataInputs, controlInputs);
    return new Remap(graph, copied, prefix);
  }

  /**
   * Keras's {@code jit_compile} as Keras runs it: the ops added to {@code graph} since {@code
   * before} that {@code outputs} and {@code target} need (but variables, placeholders and
   * initializers; with the reads of variables built before, so that the function reads them
   * itself) become one function of the graph's library, called by one {@code
   * StatefulPartitionedCall} marked {@code _XlaMustCompile}, which TF runs as one XLA launch of
   * the whole function (as a {@code tf.function(jit_compile=True)}). The function's arguments are
   * the step's inputs from outside it (the feeds and values built before it, then the variables'
   * handles: XLA reads and updates the variables, reusing their buffers when nothing else holds
   * them); its results are {@code outputs}, and {@code target} (the step's final op, may be null)
   * is its control output. Returns what maps each of {@code outputs} to the call's result and
   * {@code target} to the call. Whether XLA has a kernel for every op shows at the first run
   * ({@link #cannotCompile}); {@link #mark} is then the way.
   */
  public static Remap launch(Graph graph, Set<String> before, String scope, List<? extends Operand<?>> outputs, Op target) {
    String prefix = freePrefix(graph, scope);
    GraphDef def = graph.toGraphDef();
    // The body: the ops added since `before` (but variables, placeholders and initializers) that the
    // outputs or the target need, found backwards from them (a function runs all its ops).
    Map<String, NodeDef> nodes = new HashMap<>();
    for (NodeDef n : def.getNodeList()) {
      nodes.put(n.getName(), n);
    }
    Set<String> inBody = new HashSet<>();
    List<String> todo = new ArrayList<>();
    for (Operand<?> o : outputs) {
      todo.add(o.op().name());
    }
    if (target != null) {
      todo.add(target.op().name());
    }
    while (!todo.isEmpty()) {
      String name = todo.remove(todo.size() - 1);
      NodeDef n = nodes.get(name);
      GraphOperation op = graph.operation(name);
      // A variable's read built before the step (a weight's read shared by the graph's steps) is read
      // inside the function too: the variable is then the only holder of its buffer when XLA updates
      // it, which it can do in place.
      boolean read = n != null && n.getOp().equals("ReadVariableOp");
      if (n == null || op == null || (before.contains(name) && !read) || NOT_COPIED.contains(n.getOp()) || graph.isInitializer(op)
          || !inBody.add(name)) {
        continue;
      }
      for (String in : n.getInputList()) {
        todo.add(nodeName(in.startsWith("^") ? in.substring(1) : in));
      }
    }
    List<GraphOperation> body = new ArrayList<>();
    for (NodeDef n : def.getNodeList()) {
      if (inBody.contains(n.getName())) {
        body.add(graph.operation(n.getName()));
      }
    }
    Set<String> args = new LinkedHashSet<>();
    Set<String> resources = new LinkedHashSet<>();
    Set<String> controlInputs = new LinkedHashSet<>();
    for (NodeDef n : def.getNodeList()) {
      if (!inBody.contains(n.getName())) {
        continue;
      }
      for (String in : n.getInputList()) {
        boolean control = in.startsWith("^");
        String ref = control ? in.substring(1) : in;
        if (inBody.contains(nodeName(ref))) {
          continue;
        }
        if (control) {
          controlInputs.add(ref);
        } else {
          String full = nodeName(ref) + ":" + outputIndex(ref);
          Output<?> o = graph.operation(nodeName(ref)).output(outputIndex(ref));
          (o.dataType() == DataType.DT_RESOURCE ? resources : args).add(full);
        }
      }
    }
    List<String> inputs = new ArrayList<>(args);
    inputs.addAll(resources);
    String function = (prefix.substring(0, prefix.length() - 1) + "_" + (target == null ? outputs.get(0).op().name()
        : target.op().name())).replaceAll("[^A-Za-z0-9_]", "_");
    // A call of the function marked as Keras's jit_compile marks it: TF's runtime runs the call as
    // one XLA launch of the whole function (XlaKernelCreator; no graph pass inlines a call so
    // marked), whose variable updates reuse the variables' buffers when nothing else holds them.
    NodeDef.Builder launch = NodeDef.newBuilder().setName(prefix + "launch").setOp("StatefulPartitionedCall");
    AttrValue.ListValue.Builder tin = AttrValue.ListValue.newBuilder();
    for (String in : inputs) {
      launch.addInput(in);
      tin.addType(graph.operation(nodeName(in)).output(outputIndex(in)).dataType());
    }
    for (String in : controlInputs) {
      launch.addInput("^" + in);
    }
    AttrValue.ListValue.Builder tout = AttrValue.ListValue.newBuilder();
    for (Operand<?> o : outputs) {
      tout.addType(o.asOutput().dataType());
    }
    launch.putAttr("Tin", AttrValue.newBuilder().setList(tin).build());
    launch.putAttr("Tout", AttrValue.newBuilder().setList(tout).build());
    launch.putAttr("f", AttrValue.newBuilder().setFunc(NameAttrList.newBuilder().setName(function)).build());
    launch.putAttr("_XlaMustCompile", AttrValue.newBuilder().setB(true).build());
    addFunction(graph, function, body, inputs, outputs, target);
    Set<String> dataInputs = new LinkedHashSet<>(inputs);
    importWithInputs(graph, GraphDef.newBuilder().setVersions(def.getVersions()).addNode(launch).build(), dataInputs, controlInputs);
    GraphOperation op = graph.operation(prefix + "launch");
    Map<String, Output<?>> results = new HashMap<>();
    for (int i = 0; i < outputs.size(); i++) {
      Output<?> o = outputs.get(i).asOutput();
      results.put(o.op().name() + ":" + o.index(), op.output(i));
    }
    return new Remap(graph, Set.of(), prefix, results, target == null ? null : target.op().name(), op);
  }

  /**
   * A step compiled whole ({@link #launch}), and what marks the same step's ops for XLA's clusters
   * instead ({@link #mark}) if XLA turns out unable to compile it whole (null when the step is
   * already clustered).
   */
  public record Compiled(Remap remap, Supplier<Remap> clustered) {}

  /**
   * Keras's {@code jit_compile} for the ops added to {@code graph} since {@code before}: {@link
   * #launch} when TF can make them a function (else {@link #mark} at once), with {@link #mark} of
   * the same ops in reserve.
   */
  public static Compiled compile(Graph graph, Set<String> before, String scope, List<? extends Operand<?>> outputs,
      Op target) {
    Set<String> stepOps = opNames(graph);
    stepOps.removeAll(before);
    Supplier<Remap> clustered = () -> {
      Set<String> others = opNames(graph);
      others.removeAll(stepOps);
      return mark(graph, others, scope);
    };
    try {
      return new Compiled(launch(graph, before, scope, outputs, target), clustered);
    } catch (RuntimeException e) {
      // TF could not make the step a function (e.g. an op of the step ordered after one outside it)
      return new Compiled(clustered.get(), null);
    }
  }

  /** {@code TF_GraphToFunctionWithControlOutputs} of {@code body} added to the graph's library as {@code name}. */
  private static void addFunction(Graph graph, String name, List<GraphOperation> body, List<String> inputs,
      List<? extends Operand<?>> outputs, Op target) {
    try (AutoCloseable ref = graphReference(graph); TF_Status status = TF_Status.newStatus();
        PointerPointer<TF_Operation> opers = new PointerPointer<>(body.size());
        TF_Output in = new TF_Output(Math.max(1, inputs.size()));
        TF_Output out = new TF_Output(Math.max(1, outputs.size()));
        PointerPointer<TF_Operation> control = new PointerPointer<>(1);
        BytePointer fname = new BytePointer(name)) {
      TF_Graph g = nativeGraph(ref);
      for (int i = 0; i < body.size(); i++) {
        opers.put(i, body.get(i).getUnsafeNativeHandle());
      }
      for (int i = 0; i < inputs.size(); i++) {
        String s = inputs.get(i);
        in.getPointer(i).oper(graph.operation(nodeName(s)).getUnsafeNativeHandle()).index(outputIndex(s));
      }
      for (int i = 0; i < outputs.size(); i++) {
        Output<?> o = outputs.get(i).asOutput();
        out.getPointer(i).oper(((GraphOperation) o.op()).getUnsafeNativeHandle()).index(o.index());
      }
      if (target != null) {
        control.put(0, ((GraphOperation) target.op()).getUnsafeNativeHandle());
      }
      TF_Function fn = tensorflow.TF_GraphToFunctionWithControlOutputs(g, fname, (byte) 0, body.size(), opers, inputs.size(), in,
          outputs.size(), out, null, target == null ? 0 : 1, control, null, null, null, status);
      status.throwExceptionIfNotOK();
      try {
        tensorflow.TF_GraphCopyFunction(g, fn, null, status);
        status.throwExceptionIfNotOK();
      } finally {
        tensorflow.TF_DeleteFunction(fn);
      }
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("Could not make the step an XLA function", e);
    }
  }

  /** True when {@code e} is XLA refusing to compile a function (an op without an XLA kernel, a shape not constant). */
  public static boolean cannotCompile(RuntimeException e) {
    String m = String.valueOf(e.getMessage());
    return m.contains("tf2xla conversion failed") || m.contains("Detected unsupported operations")
        || m.contains("XLA_CPU_JIT");
  }

  /** The first line of XLA's refusal, for a warning. */
  public static String firstUnsupported(RuntimeException e) {
    String m = String.valueOf(e.getMessage()).strip();
    int nl = m.indexOf('\n');
    String line = nl < 0 ? m : m.substring(0, nl);
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }

  /** Maps the operands and ops of a marked step to their copies. */
  public static final class Remap {
    private final Graph graph;
    private final Set<String> copied;
    private final String prefix;
    private final Map<String, Output<?>> results;
    private final String target;
    private final GraphOperation launch;

    private Remap(Graph graph, Set<String> copied, String prefix) {
      this(graph, copied, prefix, Map.of(), null, null);
    }

    private Remap(Graph graph, Set<String> copied, String prefix, Map<String, Output<?>> results, String target,
        GraphOperation launch) {
      this.graph = graph;
      this.copied = copied;
      this.prefix = prefix;
      this.results = results;
      this.target = target;
      this.launch = launch;
    }

    /** The copy of {@code x} (null stays null; an operand from outside the step stays itself). */
    @SuppressWarnings("unchecked")
    public <T extends Operand<?>> T operand(T x) {
      if (x != null && results.containsKey(x.op().name() + ":" + x.asOutput().index())) {
        return (T) results.get(x.op().name() + ":" + x.asOutput().index());
      }
      if (x == null || !copied.contains(x.op().name())) {
        return x;
      }
      Output<?> out = graph.operation(prefix + x.op().name()).output(x.asOutput().index());
      return (T) out;
    }

    /** The copy of a {@code NoOp} of the step (a step's final op, what runs it). */
    public Op noOp(Op op) {
      if (op != null && op.op().name().equals(target)) {
        return new Op() {
          @Override
          public GraphOperation op() {
            return launch;
          }

          @Override
          public ExecutionEnvironment env() {
            return graph;
          }
        };
      }
      if (op == null || !copied.contains(op.op().name())) {
        return op;
      }
      return new NoOp(graph.operation(prefix + op.op().name()));
    }

    public <T extends Operand<?>> List<T> operands(List<T> xs) {
      List<T> out = new ArrayList<>();
      for (T x : xs) {
        out.add(operand(x));
      }
      return out;
    }
  }

  /** {@code name + "/"}, or {@code name_1/}, {@code name_2/}... if ops already have that prefix. */
  private static String freePrefix(Graph graph, String name) {
    Set<String> taken = new HashSet<>();
    Iterator<GraphOperation> it = graph.operations();
    while (it.hasNext()) {
      String op = it.next().name();
      int slash = op.indexOf('/');
      if (slash > 0) {
        taken.add(op.substring(0, slash + 1));
      }
    }
    String prefix = name + "/";
    for (int i = 1; taken.contains(prefix); i++) {
      prefix = name + "_" + i + "/";
    }
    return prefix;
  }

  private static String nodeName(String ref) {
    int colon = ref.lastIndexOf(':');
    return colon > 0 ? ref.substring(0, colon) : ref;
  }

  private static int outputIndex(String ref) {
    int colon = ref.lastIndexOf(':');
    return colon > 0 ? Integer.parseInt(ref.substring(colon + 1)) : 0;
  }

  /** {@code TF_GraphImportGraphDef} of {@code sub}, its inputs from outside it mapped to the graph's ops. */
  private static void importWithInputs(Graph graph, GraphDef sub, Set<String> dataInputs, Set<String> controlInputs) {
    byte[] bytes = sub.toByteArray();
    TF_ImportGraphDefOptions opts = tensorflow.TF_NewImportGraphDefOptions();
    List<TF_Output> outputs = new ArrayList<>();
    try (AutoCloseable ref = graphReference(graph);
        TF_Status status = TF_Status.newStatus();
        BytePointer data = new BytePointer(bytes)) {
      TF_Graph g = nativeGraph(ref);
      for (String in : dataInputs) {
        GraphOperation src = graph.operation(nodeName(in));
        TF_Output out = new TF_Output().oper(src.getUnsafeNativeHandle()).index(outputIndex(in));
        outputs.add(out);
        tensorflow.TF_ImportGraphDefOptionsAddInputMapping(opts, nodeName(in), outputIndex(in), out);
      }
      for (String in : controlInputs) {
        tensorflow.TF_ImportGraphDefOptionsRemapControlDependency(opts, in, graph.operation(in).getUnsafeNativeHandle());
      }
      TF_Buffer buffer = tensorflow.TF_NewBufferFromString(data, bytes.length);
      try {
        tensorflow.TF_GraphImportGraphDef(g, buffer, opts, status);
        status.throwExceptionIfNotOK();
      } finally {
        tensorflow.TF_DeleteBuffer(buffer);
      }
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("Could not mark the step's ops for XLA", e);
    } finally {
      tensorflow.TF_DeleteImportGraphDefOptions(opts);
      outputs.forEach(TF_Output::close);
    }
  }

  /** The native graph of a {@link #graphReference}. */
  private static TF_Graph nativeGraph(AutoCloseable ref) throws ReflectiveOperationException {
    Method nativeHandle = ref.getClass().getDeclaredMethod("nativeHandle");
    nativeHandle.setAccessible(true);
    return (TF_Graph) nativeHandle.invoke(ref);
  }

  /** TF-Java keeps the graph's native handle behind the package-private {@code Graph.ref()}; see {@code Gradients}. */
  private static AutoCloseable graphReference(Graph graph) throws ReflectiveOperationException {
    Method ref = Graph.class.getDeclaredMethod("ref");
    ref.setAccessible(true);
    return (AutoCloseable) ref.invoke(graph);
  }
}
