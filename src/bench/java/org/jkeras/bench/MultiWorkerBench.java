package org.jkeras.bench;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.callbacks;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.ProcessBuilder.Redirect;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jkeras.backend.GraphContext;
import org.jkeras.backend.KerasVariable;
import org.jkeras.callbacks.Callback;
import org.jkeras.distribute.AllReduce;
import org.jkeras.distribute.MultiWorkerMirroredStrategy;
import org.jkeras.examples.SeedModels;
import org.jkeras.models.Sequential;
import org.jkeras.utils.Json;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The multi-worker rows: two worker JVMs on loopback, each with its {@code TF_CONFIG}, started by
 * this program (the Keras side, python/multiworker.py, does the same with two Python processes).
 *
 * <p>{@code cnn}: the seed's 4.2 CNN (44.4 M parameters) trained by both workers, global batch 32
 * (16 per worker), step timed inside {@code fit} as the one-process row; then the all-reduce alone
 * of tensors shaped as its 10 weights (the gradients a step sums), timed per run: the per-step
 * overhead of the gradient all-reduce. {@code allreduce}: one tensor of 1, 16 and 64 MB summed over
 * the two workers (100 runs of 1 MB, 20 of the others, after one warm-up run), ms per all-reduce
 * (what the scaling estimate in NOTES.md is computed from).
 * Figures are the chief's; each worker's peak RSS is in the extra fields. {@code --size N} (224 by
 * default) trains on N x N images instead: a smoke run at a small size, not a figure of record.
 */
public final class MultiWorkerBench {
  static final int GLOBAL_BATCH = 32;

  public static void main(String[] args) throws Exception {
    if (System.getenv("TF_CONFIG") != null) {
      worker(args);
    } else {
      launch(args);
    }
  }

  /** Starts two workers of this program, forwards the chief's figures with both workers' peak RSS. */
  private static void launch(String[] args) throws Exception {
    List<String> addresses = new ArrayList<>();
    List<ServerSocket> held = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
      held.add(s);
      addresses.add("127.0.0.1:" + s.getLocalPort());
    }
    for (ServerSocket s : held) {
      s.close();
    }
    List<Process> workers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
      cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), MultiWorkerBench.class.getName()));
      cmd.addAll(List.of(args));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(Redirect.INHERIT);
      pb.environment().put("TF_CONFIG", Json.writeLine(Map.of("cluster", Map.of("worker", addresses),
          "task", Map.of("type", "worker", "index", i))));
      workers.add(pb.start());
    }
    List<List<Map<String, Object>>> figures = new ArrayList<>();
    for (Process p : workers) {
      List<Map<String, Object>> mine = new ArrayList<>();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          if (line.startsWith("{")) {
            mine.add(Json.parseObject(line));
          }
        }
      }
      if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
        workers.forEach(Process::destroyForcibly);
        throw new IllegalStateException("a worker failed");
      }
      figures.add(mine);
    }
    for (int k = 0; k < figures.get(0).size(); k++) {
      Map<String, Object> f = new LinkedHashMap<>(figures.get(0).get(k));
      f.put("worker_peak_rss_mib", List.of(figures.get(0).get(k).get("peak_rss_mib"), figures.get(1).get(k).get("peak_rss_mib")));
      f.remove("peak_rss_mib");
      System.out.println(Json.writeLine(f));
    }
  }

  private static void worker(String[] args) throws Exception {
    boolean quick = Bench.quick(args);
    MultiWorkerMirroredStrategy strategy = MultiWorkerMirroredStrategy.fromEnvironment();
    if (args[0].equals("cnn")) {
      cnn(strategy, quick, size(args));
    } else {
      allReduceSizes(strategy, quick);
    }
    // No barrier of its own at exit: the strategy waits for the other worker (its shutdown hook).
  }

  /** {@code --size N}: the image size of the cnn row (224, the seed's, unless a smoke run asks less). */
  static int size(String[] args) {
    List<String> a = List.of(args);
    int i = a.indexOf("--size");
    return i < 0 ? 224 : Integer.parseInt(a.get(i + 1));
  }

  private static void cnn(MultiWorkerMirroredStrategy strategy, boolean quick, int size) {
    int warmup = quick ? 2 : 3;
    int timed = quick ? 3 : 10;
    List<Double> ms = new ArrayList<>();
    long[] start = new long[1];
    Callback timer = new Callback() {
      @Override
      public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
        start[0] = System.nanoTime();
      }

      @Override
      public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        ms.add((System.nanoTime() - start[0]) / 1e6);
      }
    };
    List<Shape> shapes = new ArrayList<>();
    long params;
    try (var scope = strategy.scope(); Sequential model = SeedModels.createModel(size, size, 3)) {
      model.compile("adam", "binary_crossentropy", "accuracy");
      model.trainableWeights().forEach(w -> shapes.add(w.shape()));
      params = model.countParams();
      // One global batch, one step per epoch, as the one-process row: each worker trains on its 16 images.
      model.fit(Bench.images(GLOBAL_BATCH, size, 1), Bench.labels(GLOBAL_BATCH), epochs(warmup + timed),
          batchSize(GLOBAL_BATCH), shuffle(false), verbose(0), callbacks(timer));
    }
    String model = String.format(Locale.ROOT, "4.2 CNN (%.1f M parameters, %dx%dx3)", params / 1e6, size, size);
    emit("multi-worker " + model + " training step, 2 workers on loopback, global batch 32 (median)",
        Bench.median(ms.subList(warmup, ms.size())), Map.of("steps_ms", Bench.oneDecimal(ms)));
    List<Double> reduce = timeAllReduce(strategy, shapes, quick ? 3 : 10);
    emit("multi-worker all-reduce of the " + model + " gradients, 2 workers on loopback, per step (median)",
        Bench.median(reduce), Map.of("runs_ms", Bench.oneDecimal(reduce)));
  }

  private static void allReduceSizes(MultiWorkerMirroredStrategy strategy, boolean quick) {
    for (int mb : quick ? new int[] {1, 16} : new int[] {1, 16, 64}) {
      // 1 MB takes a few ms, most of it fixed cost that varies from run to run: 100 runs for a steady median.
      List<Double> t = timeAllReduce(strategy, List.of(Shape.of(mb * 262144L)), quick ? 5 : mb == 1 ? 100 : 20);
      emit("multi-worker all-reduce of one " + mb + " MB float32 tensor, 2 workers on loopback (median)", Bench.median(t),
          Map.of("runs_ms", Bench.oneDecimal(t), "megabytes", mb));
    }
  }

  /**
   * Runs the all-reduce (sum over the workers, as a training step sums gradients) of variables of
   * {@code shapes} {@code runs} times after one warm-up run; the time of each run, ms.
   */
  static List<Double> timeAllReduce(MultiWorkerMirroredStrategy strategy, List<Shape> shapes, int runs) {
    try (GraphContext ctx = strategy.newGraphContext()) {
      Ops tf = ctx.tf();
      List<Operand<TFloat32>> values = new ArrayList<>();
      for (int i = 0; i < shapes.size(); i++) {
        KerasVariable v = new KerasVariable("bench/w" + i, shapes.get(i), (ops, s) -> ops.fill(ops.constant(s), ops.constant(1f)),
            true);
        v.materialize(ctx);
        values.add(v.value());
      }
      AllReduce reduce = strategy.allReduce();
      List<Op> done = new ArrayList<>();
      for (Operand<TFloat32> r : reduce.sumEach(tf, values)) {
        done.add(tf.identity(r));
      }
      Op all = tf.withControlDependencies(done).noOp();
      List<Double> ms = new ArrayList<>();
      for (int i = 0; i <= runs; i++) {
        long t0 = System.nanoTime();
        strategy.run(ctx, () -> ctx.runner().addTarget(all).run(), "in the benchmark");
        if (i > 0) {
          ms.add((System.nanoTime() - t0) / 1e6);
        }
      }
      return ms;
    }
  }

  private static void emit(String what, double ms, Map<String, Object> extra) {
    Map<String, Object> e = new LinkedHashMap<>(extra);
    e.put("peak_rss_mib", peakRssMib());
    Bench.emit(what, ms, "ms", "lower", null, e);
  }

  /** This process's peak resident set (VmHWM), MiB. */
  static double peakRssMib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Bench.round(Long.parseLong(line.replaceAll("\\D", "")) / 1024.0, 1);
        }
      }
    } catch (Exception e) {
      // not Linux
    }
    return -1;
  }
}
