package org.jkeras.distribute;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jkeras.backend.GraphContext;
import org.jkeras.backend.KerasVariable;
import org.tensorflow.Operand;
import org.tensorflow.Server;
import org.tensorflow.op.Op;
import org.tensorflow.types.TFloat32;
import org.tensorflow.proto.ClusterDef;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.JobDef;
import org.tensorflow.proto.ServerDef;

/**
 * Keras's {@code tf.distribute.MultiWorkerMirroredStrategy} on TensorFlow's own distributed runtime:
 * synchronous data-parallel training, one process per worker, every worker holding the whole model.
 *
 * <pre>{@code
 * MultiWorkerMirroredStrategy strategy = MultiWorkerMirroredStrategy.fromEnvironment(); // reads TF_CONFIG
 * try (var scope = strategy.scope()) {
 *   model = new Sequential(...);
 *   model.compile("adam", "binary_crossentropy", "accuracy");
 * }
 * model.fit(dataset, epochs(3)); // the dataset's batch is the global batch; each worker takes its part
 * }</pre>
 *
 * <p>Each worker runs TensorFlow's gRPC server on the port of its {@code TF_CONFIG} address (TF's
 * server listens on every interface, whatever host the address names: SECURITY.md) and runs its model's
 * graph through it, so that the graph's collective ops reach the other workers. {@code fit} first
 * broadcasts the chief's weights to every worker; each training step then sums every gradient over
 * the workers with TF's collective all-reduce (weighted by each worker's share of the global batch,
 * so the update is the one of the whole global batch) before the optimizer's update, which every
 * worker applies identically: the weights stay the same bits on every worker. The moving statistics
 * layers update in training (BatchNormalization's) are averaged over the workers, as tf.keras's
 * {@code ON_READ}/{@code MEAN} variables; the loss and every metric are reduced over the workers, so
 * every worker logs the global values, as Keras does.
 *
 * <p>Data ({@code BatchSlices.forWorker}, applied by {@code fit} and {@code evaluate}): the batch size
 * of the data given to {@code fit} is the global batch; each worker takes its contiguous part of
 * every batch, as tf.data's auto-shard policy {@code DATA} after rebatching. An image folder decodes
 * only the worker's own files. A dataset already split per worker ({@code Dataset.shard}) is taken
 * as it is: its batch size is then the per-worker batch.
 *
 * <p>Faults: a worker that dies makes the others fail at their next collective (within a second on
 * loopback) with an error naming it; before the first step every worker waits up to {@link
 * #startupTimeout} for the others to start. TF's server cannot be stopped: one cluster per process.
 * The channel is plain, unauthenticated gRPC (see SECURITY.md): trusted networks only.
 */
public final class MultiWorkerMirroredStrategy {
  /** TF's server lives as long as its process: one strategy per cluster configuration and process. */
  private static final Map<TfConfig, MultiWorkerMirroredStrategy> STARTED = new HashMap<>();

  private final TfConfig config;
  private final Server server;
  private final String target;
  private Duration startupTimeout = Duration.ofMinutes(2);
  private Duration collectiveTimeout = Duration.ZERO;
  /** How long a worker's exit waits for the other workers: TF's coordination service's default. */
  static final Duration SHUTDOWN_BARRIER_TIMEOUT = Duration.ofSeconds(10);
  private volatile boolean shutdownBarrierDue;
  private Collectives collectives;
  private Watchdog watchdog;
  private boolean peersStarted;

  private MultiWorkerMirroredStrategy(TfConfig config) {
    this.config = config;
    if (config.numWorkers() == 1) {
      this.server = null;
      this.target = "";
      return;
    }
    TfConfig.Task task = config.task();
    try {
      this.server = new Server(serverDef(config));
      server.start();
    } catch (RuntimeException e) {
      throw new IllegalStateException("MultiWorkerMirroredStrategy: could not start TensorFlow's server for " + task + ": "
          + e.getMessage(), e);
    }
    // TF's in-process master answers this exact target without a round trip through gRPC.
    this.target = "grpc://" + task.address();
    Runtime.getRuntime().addShutdownHook(new Thread(this::shutdownBarrier, "jkeras-shutdown-barrier"));
  }

  /**
   * At this process's exit (a shutdown hook), when its last collective run succeeded: waits until
   * every other worker reaches its own exit, up to {@link #SHUTDOWN_BARRIER_TIMEOUT} or until one is
   * gone, as the shutdown barrier of TF's coordination service (which Keras's strategy starts; 10 s
   * by default) holds Keras's workers at exit. A collective completes on one
   * worker while another may still be fetching this worker's part of it (collectives pull buffers
   * from the peer's server); a worker exiting at once took its server with it and failed the other's
   * last step ("lost worker 0 ... Socket closed"). Errors of the barrier itself are ignored: the
   * process is exiting, and by the time it completes here every peer has finished its training.
   */
  private void shutdownBarrier() {
    if (!shutdownBarrierDue) {
      return;
    }
    try (GraphContext ctx = newGraphContext()) {
      Operand<TFloat32> barrier = collectives.shutdownBarrier(ctx.tf(), SHUTDOWN_BARRIER_TIMEOUT.toMillis() / 1000f);
      Op done = ctx.tf().withControlDependencies(List.of(barrier)).noOp();
      watchdog().guard(ctx.session(), () -> {
        ctx.runner().addTarget(done).run().close();
        return null;
      });
    } catch (RuntimeException e) {
      // a worker gone or later than the timeout: this one exits anyway, as TF's do
    }
  }

  /**
   * The strategy of this process's {@code TF_CONFIG}; without {@code TF_CONFIG}, one local worker (as
   * Keras: training as without a strategy).
   */
  public static MultiWorkerMirroredStrategy fromEnvironment() {
    TfConfig c = TfConfig.fromEnvironment();
    return of(c != null ? c : new TfConfig(List.of(new TfConfig.Task("worker", 0, "localhost:0")), 0));
  }

  /** The strategy of {@code config} (started once per process: a second call returns the same strategy). */
  public static synchronized MultiWorkerMirroredStrategy of(TfConfig config) {
    MultiWorkerMirroredStrategy s = STARTED.get(config);
    if (s != null) {
      return s;
    }
    if (config.numWorkers() > 1 && STARTED.keySet().stream().anyMatch(c -> c.numWorkers() > 1)) {
      throw new IllegalStateException("MultiWorkerMirroredStrategy: this process already serves another cluster (TensorFlow's"
          + " server cannot be stopped): one cluster per process. Received: " + config);
    }
    s = new MultiWorkerMirroredStrategy(config);
    STARTED.put(config, s);
    return s;
  }

  static ServerDef serverDef(TfConfig config) {
    ClusterDef.Builder cluster = ClusterDef.newBuilder();
    Map<String, JobDef.Builder> jobs = new LinkedHashMap<>();
    for (TfConfig.Task t : config.tasks()) {
      jobs.computeIfAbsent(t.job(), j -> JobDef.newBuilder().setName(j)).putTasks(t.index(), t.address());
    }
    jobs.values().forEach(cluster::addJob);
    return ServerDef.newBuilder().setCluster(cluster).setJobName(config.task().job()).setTaskIndex(config.task().index())
        .setProtocol("grpc").setDefaultSessionConfig(sessionConfig(config)).build();
  }

  /**
   * The session configuration TF2's strategy sets: the chief leads the collective groups, and the
   * session sees only this worker's devices (so its ops run here without explicit device names).
   */
  static ConfigProto sessionConfig(TfConfig config) {
    ConfigProto base = GraphContext.sessionConfig();
    return base.toBuilder().clearDeviceFilters().addDeviceFilters(config.task().device())
        .setExperimental(base.getExperimental().toBuilder().setCollectiveGroupLeader(config.tasks().get(0).device()))
        .build();
  }

  /** Keras's {@code with strategy.scope():}: models created or compiled inside train with this strategy. */
  public StrategyScope scope() {
    return new StrategyScope(this);
  }

  /** Keras's {@code strategy.num_replicas_in_sync}: the number of workers (one replica each). */
  public int numReplicasInSync() {
    return config.numWorkers();
  }

  /** The cluster and this process's task in it. */
  public TfConfig clusterConfig() {
    return config;
  }

  /** True for the worker that writes checkpoints, TensorBoard logs and the saved model. */
  public boolean isChief() {
    return config.isChief();
  }

  /** True when several workers train together (a cluster of one trains as without a strategy). */
  public boolean isMultiWorker() {
    return config.numWorkers() > 1;
  }

  /** How long the first collective waits for the other workers to start (default 2 minutes). */
  public MultiWorkerMirroredStrategy startupTimeout(Duration timeout) {
    this.startupTimeout = positive(timeout, "startup_timeout");
    return this;
  }

  public Duration startupTimeout() {
    return startupTimeout;
  }

  /**
   * Keras's {@code CommunicationOptions(timeout_seconds=...)}: a training step's collective that
   * waits longer than this for the other workers fails (zero, the default: no limit, as Keras; a
   * worker that dies is detected without it). Set it before the model's first step.
   */
  public MultiWorkerMirroredStrategy collectiveTimeout(Duration timeout) {
    if (timeout == null || timeout.isNegative()) {
      throw new IllegalArgumentException("Received an invalid value for `timeout_seconds`: " + timeout);
    }
    this.collectiveTimeout = timeout;
    return this;
  }

  private static Duration positive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("Received an invalid value for `" + name + "`, expected a positive duration. Received: "
          + name + "=" + d);
    }
    return d;
  }

  // ---------------------------------------------------------------- what the trainer uses

  /** A graph whose session runs through this worker's server (in-process for a cluster of one). */
  public GraphContext newGraphContext() {
    if (!isMultiWorker()) {
      return new GraphContext();
    }
    ConfigProto c = sessionConfig(config);
    return new GraphContext(graph -> TargetedSession.open(graph, target, c), target);
  }

  /** True when {@code ctx} is a graph of this strategy (its session runs where this strategy's do). */
  public boolean runsIn(GraphContext ctx) {
    return ctx.target().equals(target);
  }

  /** The cross-worker reductions a training or test step builds in; null for a cluster of one. */
  public synchronized AllReduce allReduce() {
    if (!isMultiWorker()) {
      return null;
    }
    if (collectives == null) {
      collectives = new Collectives(config.numWorkers(), collectiveTimeout.toMillis() / 1000f);
    }
    return new AllReduce(collectives);
  }

  /**
   * Gives every worker the chief's values of {@code weights} (Keras creates a strategy's variables
   * with the chief's initial values): waits for the other workers first, up to the startup timeout.
   */
  public void broadcastFromChief(GraphContext ctx, List<KerasVariable> weights) {
    if (!isMultiWorker() || weights.isEmpty()) {
      return;
    }
    awaitPeers();
    allReduce(); // the collectives exist
    run(ctx, () -> {
      Broadcast.fromChief(ctx, collectives, weights, isChief(), startupTimeout.toMillis() / 1000f);
      return null;
    }, "while the chief's weights were broadcast");
  }

  /**
   * The chief's {@code values} on every worker (each passes its own; the chief's come back): the
   * numbers a restored backup sets besides the weights, such as the epoch to resume at.
   */
  public double[] broadcastFromChief(GraphContext ctx, double[] values) {
    if (!isMultiWorker()) {
      return values.clone();
    }
    awaitPeers();
    allReduce(); // the collectives exist
    return run(ctx, () -> Broadcast.valuesFromChief(ctx, collectives, values, isChief(), startupTimeout.toMillis() / 1000f),
        "while the chief's training state was broadcast");
  }

  /**
   * Runs {@code run}, a run of {@code ctx}'s session that takes part in collectives, under the
   * watch of {@link Watchdog}: a worker lost meanwhile ends it, and its error names that worker.
   */
  public <T> T run(GraphContext ctx, Supplier<T> run, String during) {
    if (!isMultiWorker()) {
      return run.get();
    }
    try {
      T result = watchdog().guard(ctx.session(), run);
      shutdownBarrierDue = true;
      return result;
    } catch (RuntimeException e) {
      shutdownBarrierDue = false; // its peers fail too, or have: none waits at exit for this one
      throw explain(e, during);
    }
  }

  private synchronized Watchdog watchdog() {
    if (watchdog == null) {
      watchdog = new Watchdog(others());
    }
    return watchdog;
  }

  private List<TfConfig.Task> others() {
    List<TfConfig.Task> others = new ArrayList<>(config.tasks());
    others.remove(config.task());
    return others;
  }

  private void awaitPeers() {
    if (peersStarted) {
      return;
    }
    Peers.awaitAll(others(), startupTimeout);
    peersStarted = true;
  }

  /**
   * A failed step's error, with the workers that no longer answer named: TF words a collective that
   * fails because a worker died without saying which one ("Collective ops is aborted by: ..."), and
   * a step the {@link Watchdog} cancelled fails as "cancelled".
   */
  private RuntimeException explain(RuntimeException e, String during) {
    boolean cancelled = !watchdog().lost().isEmpty();
    List<TfConfig.Task> lost = cancelled ? watchdog().lost() : Peers.silent(others());
    if (lost.isEmpty()) {
      return e;
    }
    return new IllegalStateException("MultiWorkerMirroredStrategy: lost " + Peers.describe(lost) + " " + during + ": "
        + (lost.size() == 1 ? "it no longer accepts" : "they no longer accept")
        + " connections (process stopped or machine unreachable). Training cannot go on with fewer workers:"
        + " restart every worker (with a BackupAndRestore callback to resume from the last epoch)."
        + (cancelled ? "" : " TensorFlow said: " + cause(e.getMessage())), e);
  }

  /** The line of TF's message that says what happened (its first line only says which task reports it). */
  private static String cause(String message) {
    if (message == null) {
      return "";
    }
    return message.lines().filter(l -> !l.isBlank() && !l.startsWith("From /job:")).findFirst().orElse(message).strip();
  }

  @Override
  public String toString() {
    return "MultiWorkerMirroredStrategy(" + config.numWorkers() + " workers, this one: " + config.task() + ")";
  }
}
