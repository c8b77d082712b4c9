package org.jkeras.distribute;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Whether the other tasks' TensorFlow servers answer: a TCP connection to each address of {@code
 * TF_CONFIG}. A worker process that died (killed, crashed, its machine gone) no longer accepts
 * connections on its port, so this names the lost workers when a collective fails, and waits for
 * late ones before the first collective.
 */
final class Peers {
  private static final int PROBE_MILLIS = 1000;

  private Peers() {}

  /** True when something accepts TCP connections at the task's address. */
  static boolean answers(TfConfig.Task task) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(task.host(), task.port()), PROBE_MILLIS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The tasks among {@code tasks} that do not answer now. */
  static List<TfConfig.Task> silent(List<TfConfig.Task> tasks) {
    List<TfConfig.Task> out = new ArrayList<>();
    for (TfConfig.Task t : tasks) {
      if (!answers(t)) {
        out.add(t);
      }
    }
    return out;
  }

  /**
   * Waits until every task answers, up to {@code timeout}.
   *
   * @throws IllegalStateException naming the tasks that did not start in time
   */
  static void awaitAll(List<TfConfig.Task> tasks, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<TfConfig.Task> waiting = silent(tasks);
    while (!waiting.isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("MultiWorkerMirroredStrategy: " + describe(waiting) + " did not start within "
            + timeout.toSeconds() + " s. Every task of TF_CONFIG's cluster must be running (one process per address);"
            + " check the addresses and that the other processes started.");
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for " + describe(waiting), e);
      }
      waiting = silent(waiting);
    }
  }

  /** "worker 1 (host:port)", or "worker 1 (host:port) and worker 2 (host:port)". */
  static String describe(List<TfConfig.Task> tasks) {
    String all = tasks.stream().map(TfConfig.Task::toString).collect(Collectors.joining(", "));
    int last = all.lastIndexOf(", ");
    return last < 0 ? all : all.substring(0, last) + " and " + all.substring(last + 2);
  }
}
