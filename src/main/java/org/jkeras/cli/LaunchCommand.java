package org.jkeras.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jkeras.backend.NativeLogging;
import org.jkeras.utils.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code launch --workers N -- train ...}: multi-worker training on this machine, for trying it: N
 * worker processes (child JVMs), each with a {@code TF_CONFIG} that lists N free loopback ports and
 * its own index, each running the same {@code train} command line. Every line a worker prints is
 * forwarded with {@code [worker i]} in front. When a worker fails the others are given a few
 * seconds to report (they fail on their own once a worker is gone, naming it), then stopped; when
 * the launcher stops (Ctrl-C, kill, even {@code kill -9}) its workers stop too. On several
 * machines, start one {@code train} per machine with the same cluster list instead (README).
 */
@Command(name = "launch", customSynopsis = "jkeras launch --workers N -- train MODEL [train options]",
    description = {"train with N local worker processes (MultiWorkerMirroredStrategy on loopback)",
        "", "Starts N workers on this machine, each a 'train' with TF_CONFIG set (free 127.0.0.1 ports, its own index), and"
        + " forwards their output prefixed with [worker i]. The batch size is the global batch: each worker trains on its"
        + " part of every batch. Worker 0, the chief, saves the model. If a worker fails, the others stop."})
final class LaunchCommand implements Callable<Integer> {
  /** How long the other workers get to report on their own after one failed. */
  private static final long GRACE_SECONDS = 15;

  @ParentCommand
  private Main jkeras;

  @Option(names = "--workers", paramLabel = "N", required = true, converter = OptionTypes.PositiveInt.class,
      description = "number of worker processes")
  private int workers;

  @Parameters(paramLabel = "COMMAND", arity = "1..*", description = "the command each worker runs: train MODEL [options]")
  private List<String> command;

  @Override
  public Integer call() throws Exception {
    if (!command.get(0).equals("train")) {
      throw new UsageException("launch runs 'train' on every worker, received '" + command.get(0) + "' (write: jkeras launch"
          + " --workers N -- train MODEL ...)");
    }
    int level = NativeLogging.level(jkeras.verbose, System.getenv());
    List<String> addresses = freeLoopbackAddresses(workers);
    jkeras.out.println("Launching " + workers + " workers on " + String.join(", ", addresses) + ": " + String.join(" ", command));
    List<Process> procs = new ArrayList<>();
    List<Thread> copiers = new ArrayList<>();
    Thread stopAll = new Thread(() -> procs.forEach(Process::destroy));
    Runtime.getRuntime().addShutdownHook(stopAll);
    try {
      for (int i = 0; i < workers; i++) {
        ProcessBuilder pb = new ProcessBuilder(QuietLaunch.childCommand(command));
        pb.environment().putAll(NativeLogging.environment(level));
        pb.environment().put("TF_CONFIG", tfConfig(addresses, i));
        Process p = pb.start();
        p.getOutputStream().close();
        procs.add(p);
        String prefix = "[worker " + i + "] ";
        copiers.add(copy(p.getInputStream(), new Prefixed(jkeras.out, prefix), 0));
        copiers.add(copy(p.getErrorStream(), new Prefixed(jkeras.err, prefix), level));
      }
      int status = waitForAll(procs);
      for (Thread t : copiers) {
        t.join(TimeUnit.SECONDS.toMillis(5));
      }
      return status;
    } finally {
      procs.forEach(Process::destroy);
      try {
        Runtime.getRuntime().removeShutdownHook(stopAll);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs already
      }
    }
  }

  /** Waits for every worker; after a failure, gives the others a grace period, then stops them. The first failure's status. */
  private int waitForAll(List<Process> procs) throws InterruptedException {
    int status = 0;
    List<Process> running = new ArrayList<>(procs);
    long stopAt = Long.MAX_VALUE;
    while (!running.isEmpty()) {
      for (Process p : new ArrayList<>(running)) {
        if (!p.isAlive()) {
          running.remove(p);
          if (p.exitValue() != 0 && status == 0) {
            status = p.exitValue();
            stopAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(GRACE_SECONDS);
            jkeras.err.println("jkeras launch: worker " + procs.indexOf(p) + " failed (exit status " + status + ")"
                + (running.isEmpty() ? "" : "; stopping the other workers"));
          }
        }
      }
      if (System.nanoTime() > stopAt) {
        running.forEach(Process::destroy);
        for (Process p : running) {
          p.waitFor(10, TimeUnit.SECONDS);
          p.destroyForcibly();
        }
        break;
      }
      if (!running.isEmpty()) {
        running.get(0).waitFor(200, TimeUnit.MILLISECONDS);
      }
    }
    return status;
  }

  /** {@code n} loopback addresses with ports free now (bound, then released for the workers' servers). */
  static List<String> freeLoopbackAddresses(int n) throws IOException {
    List<ServerSocket> held = new ArrayList<>();
    List<String> out = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        held.add(s);
        out.add("127.0.0.1:" + s.getLocalPort());
      }
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
    return out;
  }

  /** TensorFlow's {@code TF_CONFIG} for worker {@code index} of the cluster at {@code addresses}. */
  static String tfConfig(List<String> addresses, int index) {
    return Json.writeLine(Map.of("cluster", Map.of("worker", addresses), "task",
        Map.of("type", "worker", "index", index)));
  }

  private static Thread copy(InputStream in, OutputStream out, int level) {
    Thread t = new Thread(() -> {
      try {
        NativeLogging.copyShown(in, out, level);
      } catch (IOException e) {
        // the worker is gone: nothing more to copy
      }
    }, "jkeras-launch-output");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Writes whole lines to {@code target} (shared by every worker), each with {@code prefix} in front. */
  private static final class Prefixed extends OutputStream {
    private final PrintStream target;
    private final byte[] prefix;

    Prefixed(PrintStream target, String prefix) {
      this.target = target;
      this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      synchronized (target) {
        target.write(prefix, 0, prefix.length);
        target.write(b, off, len);
        target.flush();
      }
    }
  }
}
