package org.jkeras.backend;

import java.lang.reflect.Constructor;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.tensorflow.DeviceSpec;
import org.tensorflow.ExecutionEnvironment;
import org.tensorflow.Graph;
import org.tensorflow.Operation;
import org.tensorflow.OperationBuilder;
import org.tensorflow.op.Ops;
import org.tensorflow.op.Scope;

/**
 * TF-Java's naming of ops ({@code OpScope}), without its cost on large graphs: TF-Java's {@code
 * withSubScope} reads the name of every op in the graph (through JNI) to learn which names under
 * the new prefix are taken, so building a model opened one scan per layer call and per weight,
 * quadratic in the model's size (minutes for the training graph of an EfficientNetB0). Here a new
 * sub-scope starts empty and each op name it makes is checked against the graph by one lookup
 * ({@code Graph.operation(name)}), bumping the suffix while taken: the same unique names, by the
 * same rules ({@code name}, {@code name_1}...; {@code withName} shares its scope's counters).
 *
 * <p>Control dependencies, device and init scope are TF-Java's own: each scope wraps an {@code
 * OpScope} that applies them. {@code Ops} over a scope of this class is made through its
 * package-private constructor (by reflection, as {@code Gradients} reaches {@code Graph.ref()}).
 */
final class GraphScope implements Scope {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9.][A-Za-z0-9_.\\-]*");
  private static final Constructor<Ops> OPS = opsConstructor();

  private final Graph graph;
  /** Applies control dependencies, device and init scope; its own names are never used. */
  private final Scope base;
  /** The full prefix ("a/b"), or null at the root. */
  private final String prefix;
  /** The exact name {@code withName} gave the next op, or null. */
  private final String opName;
  /** Names made in this scope, with the next suffix for each: shared by {@code withName} copies. */
  private final Map<String, Integer> ids;

  private GraphScope(Graph graph, Scope base, String prefix, String opName, Map<String, Integer> ids) {
    this.graph = graph;
    this.base = base;
    this.prefix = prefix;
    this.opName = opName;
    this.ids = ids;
  }

  /** Ops over {@code graph} naming as {@link Ops#create} does, with sub-scopes that cost nothing to open. */
  static Ops ops(Graph graph) {
    Scope root = new GraphScope(graph, Ops.create(graph).scope(), null, null, new HashMap<>());
    try {
      return OPS.newInstance(root);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("TF-Java's Ops(Scope) constructor could not be called: " + e, e);
    }
  }

  private static Constructor<Ops> opsConstructor() {
    try {
      Constructor<Ops> c = Ops.class.getDeclaredConstructor(Scope.class);
      c.setAccessible(true);
      return c;
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("This TF-Java has no Ops(Scope) constructor that jkeras can reach: " + e, e);
    }
  }

  private static String checked(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Invalid name: \"" + name + "\" does not match the regular expression "
          + NAME.pattern());
    }
    return name;
  }

  private GraphScope with(Scope newBase) {
    return new GraphScope(graph, newBase, prefix, opName, ids);
  }

  private String qualified(String name) {
    return prefix == null ? name : prefix + "/" + name;
  }

  @Override
  public ExecutionEnvironment env() {
    return base.env();
  }

  @Override
  public Scope withSubScope(String childScopeName) {
    String name = makeUnique(checked(opName != null ? opName : childScopeName));
    return new GraphScope(graph, base, qualified(name), null, new HashMap<>());
  }

  @Override
  public Scope withName(String name) {
    return new GraphScope(graph, base, prefix, checked(name), ids);
  }

  @Override
  public Scope withNameAsSubScope(String name) {
    return withSubScope(name);
  }

  @Override
  public Scope withDevice(DeviceSpec deviceSpec) {
    return with(base.withDevice(deviceSpec));
  }

  @Override
  public Scope withInitScope() {
    return with(base.withInitScope());
  }

  @Override
  public Scope withControlDependencyOps(Iterable<Operation> controls) {
    return with(base.withControlDependencyOps(controls));
  }

  /** A name for the next op: {@code withName}'s, else {@code defaultName}, made unique here and in the graph. */
  @Override
  public String makeOpName(String defaultName) {
    String wanted = checked(opName != null ? opName : defaultName);
    String name = qualified(makeUnique(wanted));
    while (graph.operation(name) != null) {
      name = qualified(makeUnique(wanted));
    }
    return name;
  }

  /** {@code id} the first time, then {@code id_1}, {@code id_2}... (TF-Java's rule). */
  @Override
  public String makeUnique(String id) {
    Integer next = ids.get(id);
    if (next == null) {
      ids.put(id, 1);
      return id;
    }
    ids.put(id, next + 1);
    return id + "_" + next;
  }

  /** Nothing to refresh: names are checked against the graph as they are made. */
  @Override
  public void refreshNames() {}

  @Override
  public OperationBuilder apply(OperationBuilder builder) {
    return base.apply(builder);
  }

  @Override
  public String getDeviceString() {
    return base.getDeviceString();
  }

  @Override
  public boolean isInit() {
    return base.isInit();
  }
}
