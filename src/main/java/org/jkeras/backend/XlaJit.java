package org.jkeras.backend;

import com.google.protobuf.ByteString;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bytedeco.javacpp.BytePointer;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.internal.c_api.TF_Buffer;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_ImportGraphDefOptions;
import org.tensorflow.internal.c_api.TF_Output;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.global.tensorflow;
import org.tensorflow.op.Op;
import org.tensorflow.op.core.NoOp;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Keras's {@code jit_compile=True} on TF-Java: the ops of a step, marked for XLA.
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

  /** Maps the operands and ops of a marked step to their copies. */
  public static final class Remap {
    private final Graph graph;
    private final Set<String> copied;
    private final String prefix;

    private Remap(Graph graph, Set<String> copied, String prefix) {
      this.graph = graph;
      this.copied = copied;
      this.prefix = prefix;
    }

    /** The copy of {@code x} (null stays null; an operand from outside the step stays itself). */
    @SuppressWarnings("unchecked")
    public <T extends Operand<?>> T operand(T x) {
      if (x == null || !copied.contains(x.op().name())) {
        return x;
      }
      Output<?> out = graph.operation(prefix + x.op().name()).output(x.asOutput().index());
      return (T) out;
    }

    /** The copy of a {@code NoOp} of the step (a step's final op, what runs it). */
    public Op noOp(Op op) {
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
      Method nativeHandle = ref.getClass().getDeclaredMethod("nativeHandle");
      nativeHandle.setAccessible(true);
      TF_Graph g = (TF_Graph) nativeHandle.invoke(ref);
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

  /** TF-Java keeps the graph's native handle behind the package-private {@code Graph.ref()}; see {@code Gradients}. */
  private static AutoCloseable graphReference(Graph graph) throws ReflectiveOperationException {
    Method ref = Graph.class.getDeclaredMethod("ref");
    ref.setAccessible(true);
    return (AutoCloseable) ref.invoke(graph);
  }
}
