package org.jkeras.backend;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.PlaceholderWithDefault;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * One TensorFlow graph and the session that runs it: where a model's variables live and where its
 * training, evaluation and prediction functions are built.
 *
 * <p>Closing the context frees the graph, the session and every variable value in them.
 */
public final class GraphContext implements AutoCloseable {

  private final Graph graph;
  private final Session session;
  private final Ops tf;
  private final Map<String, KerasVariable> variables = new LinkedHashMap<>();
  private final Set<String> usedNames = new HashSet<>();
  private final Set<KerasVariable> pendingValues = new LinkedHashSet<>();
  /**
   * Initial assignments not run yet, by variable (see {@link #flushPendingValues}): built when they
   * run, so that a variable whose value comes from the host never builds its initializer's ops.
   */
  private final Map<Object, Supplier<Op>> initializations = new LinkedHashMap<>();
  /** Writes of state variables waiting for the next run (see {@link #writeLater}), by assignment. */
  private final Map<Op, StateWrite> stateWrites = new LinkedHashMap<>();
  private PlaceholderWithDefault<TInt64> step;
  private final Scopes variableScopes;
  private Ops initializerScope;
  private Ops assignValuesScope;
  private final String target;
  private boolean closed;

  public GraphContext() {
    this(graph -> new Session(graph, sessionConfig()), "");
  }

  /**
   * A graph whose session {@code openSession} opens, e.g. on a TensorFlow server for multi-worker
   * training; {@code target} says where it runs ({@code grpc://host:port}, empty for in-process).
   */
  public GraphContext(Function<Graph, Session> openSession, String target) {
    this.graph = new Graph();
    try {
      this.session = openSession.apply(graph);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
    this.tf = GraphScope.ops(graph); // TF-Java's naming without a scan of the graph per sub-scope
    this.variableScopes = new Scopes(tf);
    this.target = target;
  }

  /** Where the session runs: empty in-process, else the server's target ({@code grpc://host:port}). */
  public String target() {
    return target;
  }

  /**
   * The step counter that random layers mix into their seeds (an int64 scalar, 0 unless fed): a
   * trainer feeds a new value each training step, so dropout masks differ step to step and repeat
   * run to run.
   */
  public Operand<TInt64> step() {
    if (step == null) {
      step = tf.withName("seed_step").placeholderWithDefault(tf.constant(0L), Shape.scalar());
    }
    return step;
  }

  /**
   * Session options: soft placement (ops without a GPU kernel fall back to CPU), GPU memory grown on
   * demand, and no classic graph optimisation (opt_level L0) after Grappler, which stays on with its
   * own constant folding and common-subgraph elimination. The classic constant folding evaluated
   * every weight's initial value in the initialisation run (44 M random numbers and two 44 M fills
   * for the seed CNN: about 0.9 s of its first run) to throw the large results away, and kept the
   * small ones as constants for the session's life (src/bench/NOTES.md). The price: a value that
   * only Grappler could fold and does not (a sparse matrix computed from constants, as the seed's
   * rotation had) is computed again on every run; such values are computed on the host when the
   * graph is built ({@code BilinearWarp}).
   */
  public static ConfigProto sessionConfig() {
    return ConfigProto.newBuilder()
        .setAllowSoftPlacement(true)
        .setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true).build())
        .setGraphOptions(GraphOptions.newBuilder()
            .setOptimizerOptions(OptimizerOptions.newBuilder().setOptLevel(OptimizerOptions.Level.L0)))
        .build();
  }

  public Ops tf() {
    checkOpen();
    return tf;
  }

  public Graph graph() {
    checkOpen();
    return graph;
  }

  public Session session() {
    checkOpen();
    return session;
  }

  /** A runner that first initialises new variables and writes values assigned from the host. */
  public Session.Runner runner() {
    checkOpen();
    flushPendingValues();
    return session.runner();
  }

  /**
   * The {@code initializers} sub-scope, where variables' initial values and their first
   * assignment are built: one scope for all of them ({@code initializers/...}), not one per variable
   * ({@code initializers_1}...).
   */
  Ops initializerScope() {
    if (initializerScope == null) {
      initializerScope = tf.withSubScope("initializers");
    }
    return initializerScope;
  }

  /** The {@code assign_values} sub-scope, where values assigned from the host are fed (one for all, as above). */
  Ops assignValuesScope() {
    if (assignValuesScope == null) {
      assignValuesScope = tf.withSubScope("assign_values");
    }
    return assignValuesScope;
  }

  /** Variables materialised in this graph, by graph name, in creation order. */
  public Map<String, KerasVariable> variables() {
    return Collections.unmodifiableMap(variables);
  }

  /** Reserves a unique op name for a variable, adding a suffix ("_1", "_2") when taken. */
  String reserveName(String wanted) {
    String name = wanted;
    for (int i = 1; usedNames.contains(name) || graph.operation(name) != null; i++) {
      name = wanted + "_" + i;
    }
    usedNames.add(name);
    return name;
  }

  /** Ops that give the next op exactly the name {@code path} (e.g. {@code conv2d/kernel}). */
  Ops named(String path) {
    return variableScopes.named(path);
  }

  void register(KerasVariable variable) {
    variables.put(variable.graphName(), variable);
  }

  void forget(KerasVariable variable) {
    variables.remove(variable.graphName());
    pendingValues.remove(variable);
    initializations.remove(variable);
  }

  /**
   * A resource variable of this graph that is not a weight (an optimizer's iterations or learning
   * rate, a loss scale): op and resource named {@code path} ({@code _1}, {@code _2}... when taken),
   * holding {@code initial}'s value (built in the initializers' scope) from the next run on.
   * Returns its handle.
   */
  public <T extends TType> Operand<? extends TType> stateVariable(String path, Class<T> type, Shape shape,
      Function<Ops, Operand<T>> initial) {
    String name = reserveName(path);
    Operand<? extends TType> handle = named(name).varHandleOp(type, shape, VarHandleOp.sharedName(name));
    Ops initializers = initializerScope();
    initializations.put(handle, () -> initializers.assignVariableOp(handle, initial.apply(initializers)));
    return handle;
  }

  /**
   * Writes state variables of this context ({@link #stateVariable}: an optimizer's iterations, a
   * loss scale) in the next run of {@link #runner()}, with the values assigned from the host and
   * instead of the initial values of {@code variables} if those have not run yet: {@code assign},
   * with {@code feeds}. One run for a loaded model's weights and its optimizer's state, where a run
   * of its own would cost one more Grappler pass over the graph. Takes the tensors over: they are
   * closed once written, or when a later write with the same {@code assign} or {@link #close}
   * replaces them.
   */
  public void writeLater(Op assign, Map<? extends Operand<?>, ? extends Tensor> feeds,
      List<? extends Operand<?>> variables) {
    checkOpen();
    StateWrite before = stateWrites.put(assign, new StateWrite(Map.copyOf(feeds), List.copyOf(variables)));
    if (before != null) {
      before.close();
    }
  }

  /** Values fed to a state variable's assignment, and the state variables it writes. */
  private record StateWrite(Map<Operand<?>, Tensor> feeds, List<Operand<?>> variables) implements AutoCloseable {
    @Override
    public void close() {
      feeds.values().forEach(Tensor::close);
    }
  }

  /**
   * Records {@code variable}'s initial assignment, built and run by the next {@link #runner()}
   * unless a host value replaces it.
   */
  void scheduleInitialization(KerasVariable variable, Supplier<Op> assign) {
    initializations.put(variable, assign);
  }

  /**
   * Runs now what the next {@link #runner()} would run first: the initial values of new variables,
   * the writes of values assigned from the host and of state variables ({@link #writeLater}). A
   * loader calls it so that a model comes back with its values in the graph, as Keras's.
   */
  public void writePendingValues() {
    checkOpen();
    flushPendingValues();
  }

  /** Drops {@code variable}'s initial assignment if it has not run yet; true when it was dropped. */
  boolean dropInitialization(KerasVariable variable) {
    return initializations.remove(variable) != null;
  }

  void schedulePendingValue(KerasVariable variable) {
    pendingValues.add(variable);
  }

  /**
   * Runs TF-Java's initializers (the optimizer's own variables), then, in one run, the initial
   * assignment of each new variable that no host value or state write replaces (its ops built
   * now), the writes of the values assigned from the host and the state writes ({@link
   * #writeLater}). One run for all (see {@link KerasVariable#addPendingWrite}), in runs of
   * at most {@link #WRITE_BYTES} of values copied into new tensors (a tensor handed over is fed as
   * it is, and counts nothing). A variable whose value comes from the host (a loaded
   * model) never draws its initial value, which for a ResNet50 and its Adam slots was most of the
   * loading time.
   */
  private void flushPendingValues() {
    List<KerasVariable> pending = new ArrayList<>(pendingValues);
    // Every write op and initializer first, so that the graph grows no more between the runs below.
    // Each run of a new set of targets costs Grappler's pass over its graph (for a ResNet50 with its
    // Adam slots: 0.5-1.2 s for the 2,250 nodes of the writes), so the writes of tensors handed over
    // (the loaders') and the state writes all go in one run.
    pending.forEach(KerasVariable::prepareWrite);
    Set<Object> replaced = new HashSet<>();
    stateWrites.values().forEach(w -> replaced.addAll(w.variables()));
    List<Op> initial = new ArrayList<>();
    for (Map.Entry<Object, Supplier<Op>> init : initializations.entrySet()) {
      if (!(init.getKey() instanceof KerasVariable v && v.hasPendingWrite()) && !replaced.contains(init.getKey())) {
        initial.add(init.getValue().get());
      }
    }
    initializations.clear();
    session.initialize();
    if (pendingValues.isEmpty() && initial.isEmpty() && stateWrites.isEmpty()) {
      return;
    }
    pendingValues.clear();
    Session.Runner r = session.runner();
    initial.forEach(r::addTarget);
    List<StateWrite> states = new ArrayList<>(stateWrites.values());
    for (Map.Entry<Op, StateWrite> w : stateWrites.entrySet()) {
      w.getValue().feeds().forEach(r::feed);
      r.addTarget(w.getKey());
    }
    stateWrites.clear();
    boolean targets = !initial.isEmpty() || !states.isEmpty();
    List<KerasVariable> written = new ArrayList<>();
    List<Tensor> fed = new ArrayList<>();
    long bytes = 0;
    try {
      for (KerasVariable v : pending) {
        long copied = v.addPendingWrite(r, fed);
        if (copied >= 0) {
          written.add(v);
          bytes += copied;
        }
        if (bytes >= WRITE_BYTES) {
          r.run();
          written.forEach(KerasVariable::pendingValueWritten);
          written.clear();
          fed.forEach(Tensor::close);
          fed.clear();
          r = session.runner();
          bytes = 0;
          targets = false;
        }
      }
      if (targets || !written.isEmpty()) {
        r.run();
        written.forEach(KerasVariable::pendingValueWritten);
      }
    } finally {
      fed.forEach(Tensor::close);
      states.forEach(StateWrite::close);
    }
  }

  /** Most bytes of host values written in one run by {@link #runner()}: a bound on the tensors fed at once. */
  private static final long WRITE_BYTES = 256L << 20;

  /** A float32 placeholder with the given shape (-1 for unknown dimensions). */
  public Placeholder<TFloat32> placeholder(String name, Shape shape) {
    return tf.withName(name).placeholder(TFloat32.class, Placeholder.shape(shape));
  }

  public boolean isClosed() {
    return closed;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("This model's TensorFlow graph has been closed.");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    for (KerasVariable v : new ArrayList<>(variables.values())) {
      v.detach(this);
    }
    stateWrites.values().forEach(StateWrite::close);
    stateWrites.clear();
    closed = true;
    session.close();
    graph.close();
  }
}
