package org.jkeras.distribute;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jkeras.utils.Json;

/**
 * Worker JVMs for the multi-worker tests: each runs {@link TrainingWorker} with a {@code TF_CONFIG}
 * that lists free loopback ports, its output (both streams) in {@code log<i>.txt} and its result
 * in {@code out<i>.json} of the test's folder.
 */
final class WorkerProcesses {
  final Path dir;
  final List<Process> processes = new ArrayList<>();
  final List<String> addresses = new ArrayList<>();

  WorkerProcesses(Path dir, int n) throws IOException {
    this.dir = dir;
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        held.add(s);
        addresses.add("127.0.0.1:" + s.getLocalPort());
      }
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
  }

  /** Starts worker {@code index} with {@code args} and the extra environment {@code env}. */
  Process start(int index, Map<String, String> env, String... args) throws IOException {
    String config = Json.writeLine(Map.of("cluster", Map.of("worker", addresses), "task", Map.of("type", "worker", "index", index)));
    return startWith(config, "log" + index + ".txt", env, out(index), args);
  }

  /** Starts one process without TF_CONFIG (one worker, as without a strategy), writing {@code name}.json and .txt. */
  Process startSingle(String name, String... args) throws IOException {
    return startWith(null, name + ".txt", Map.of(), dir.resolve(name + ".json"), args);
  }

  private Process startWith(String tfConfig, String log, Map<String, String> env, Path out, String... args) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g", "-cp", cp, TrainingWorker.class.getName(), out.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve(log).toFile());
    pb.environment().remove("TF_CONFIG");
    if (tfConfig != null) {
      pb.environment().put("TF_CONFIG", tfConfig);
    }
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    pb.environment().putAll(env);
    Process p = pb.start();
    processes.add(p);
    return p;
  }

  Path out(int index) {
    return dir.resolve("out" + index + ".json");
  }

  String log(int index) throws IOException {
    return Files.readString(dir.resolve("log" + index + ".txt"));
  }

  /** Waits for {@code p} (a guard against a hang, not a timing check); its exit status. */
  static int await(Process p, long seconds) throws InterruptedException {
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("a worker process did not end within " + seconds + " s");
    }
    return p.exitValue();
  }

  /** Stops every process still running (after a failed assertion). */
  void stopAll() {
    processes.forEach(Process::destroyForcibly);
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> result(Path file) throws IOException {
    return (Map<String, Object>) Json.read(file);
  }
}
