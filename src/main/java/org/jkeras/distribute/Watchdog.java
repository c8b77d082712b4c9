package org.jkeras.distribute;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.bytedeco.javacpp.PointerScope;
import org.tensorflow.Session;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.global.tensorflow;

/**
 * Ends a step that waits for a worker that is gone. A collective whose instance is not yet known
 * to every worker (a step's first run, a new evaluation step) waits for the lost worker forever:
 * TF does not notice the worker is gone. While a run of the model's session lasts longer than a
 * second, this checks every second that every other task still accepts connections at its address
 * ({@link Peers}); a task that fails twice in a row is lost, and the session is closed under the
 * run ({@code TF_CloseSession}: the master cancels the step), which then fails and is reported
 * with the lost tasks named. A worker that is alive but slow (saving a checkpoint, a slower
 * machine) still answers, and is waited for.
 */
final class Watchdog {
  private static final long PERIOD_MILLIS = 1000;

  private final List<TfConfig.Task> others;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "jkeras-worker-watchdog");
    t.setDaemon(true);
    return t;
  });
  private volatile Session running;
  private volatile long runningSince;
  private volatile List<TfConfig.Task> lost = List.of();
  private List<TfConfig.Task> suspects = List.of();

  Watchdog(List<TfConfig.Task> others) {
    this.others = List.copyOf(others);
    timer.scheduleWithFixedDelay(this::check, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** The tasks found gone (empty while all answer). */
  List<TfConfig.Task> lost() {
    return lost;
  }

  /** Runs {@code run} (a run of {@code session}) under watch. */
  <T> T guard(Session session, Supplier<T> run) {
    runningSince = System.nanoTime();
    running = session;
    try {
      return run.get();
    } finally {
      running = null;
    }
  }

  private void check() {
    Session s = running;
    if (s == null || System.nanoTime() - runningSince < PERIOD_MILLIS * 1_000_000L) {
      suspects = List.of();
      return;
    }
    List<TfConfig.Task> silent = Peers.silent(others);
    List<TfConfig.Task> confirmed = new ArrayList<>(silent);
    confirmed.retainAll(suspects);
    suspects = silent;
    if (!confirmed.isEmpty() && running == s) {
      lost = List.copyOf(confirmed);
      abort(s);
    }
  }

  /** {@code TF_CloseSession} on the session's handle: the master cancels its running step (a second close is harmless). */
  private static void abort(Session s) {
    try (PointerScope scope = new PointerScope()) {
      Field f = Session.class.getDeclaredField("nativeHandle");
      f.setAccessible(true);
      TF_Session handle = (TF_Session) f.get(s);
      if (handle != null && !handle.isNull()) {
        tensorflow.TF_CloseSession(handle, TF_Status.newStatus());
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      System.err.println("WARNING: could not cancel the step waiting for a lost worker: " + e);
    }
  }
}
