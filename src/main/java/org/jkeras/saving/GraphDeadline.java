package org.jkeras.saving;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.proto.RunOptions;

/**
 * A time limit on one run of a SavedModel's graph, in two layers. TF's own deadline
 * ({@code RunOptions.timeout_in_ms}) cancels the run and leaves the session usable, but TF waits for
 * the executors to notice: a functional {@code While} (TF2) notices, a TF1 loop
 * ({@code Enter}/{@code NextIteration}) never does. So the run also goes to a daemon thread that
 * the caller stops waiting for soon after the limit: the run is then abandoned (it keeps its thread
 * and the session until the process exits; daemon threads do not keep the JVM alive).
 */
final class GraphDeadline {
  private GraphDeadline() {}

  /** Thrown when the run did not come back: the session is still in use and must not be closed. */
  static final class Abandoned extends Exception {
    private final String message;

    Abandoned(String message) {
      super(message);
      this.message = message;
    }

    IllegalStateException error() {
      return new IllegalStateException(message);
    }
  }

  static RunOptions runOptions(Duration limit) {
    return RunOptions.newBuilder().setTimeoutInMs(Math.max(1, limit.toMillis())).build();
  }

  /**
   * {@code work} (which applies {@link #runOptions} to its TF run), within {@code limit}, or
   * directly when {@code limit} is null.
   *
   * @param what the start of the message, e.g. "The SavedModel in DIR did not finish predicting"
   * @throws IllegalStateException when TF's deadline stopped the run (the session is usable)
   * @throws Abandoned when the run has not come back a grace period after the limit
   */
  static <T> T run(Duration limit, Supplier<String> what, Supplier<T> work) throws Abandoned {
    if (limit == null) {
      return work.get();
    }
    FutureTask<T> task = new FutureTask<>(work::get);
    Thread thread = new Thread(task, "jkeras-savedmodel-run");
    thread.setDaemon(true);
    long start = System.nanoTime();
    thread.start();
    // TF's deadline fires at the limit; give it as long again (1 to 5 s) to unwind before giving up.
    long graceMillis = Math.min(5000, Math.max(1000, limit.toMillis()));
    String message = what.get() + " within " + seconds(limit) + " (the time limit): its graph may never end.";
    try {
      return task.get(limit.toMillis() + graceMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new Abandoned(message + " The run was abandoned; it holds the model until the process exits.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Abandoned(what.get() + ": interrupted. The run was abandoned.");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof TensorFlowException && timedOut((TensorFlowException) cause, limit, System.nanoTime() - start)) {
        throw new IllegalStateException(message, cause);
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IllegalStateException(cause);
    }
  }

  /** TF reports its deadline as "Timed out waiting for notification" (DEADLINE_EXCEEDED, no own class in TF-Java). */
  private static boolean timedOut(TensorFlowException e, Duration limit, long elapsedNanos) {
    String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    return m.contains("timed out") || m.contains("deadline") || elapsedNanos >= limit.toNanos();
  }

  static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format(Locale.ROOT, "%.3f s", ms / 1000.0).replaceAll("0+ s$", " s");
  }
}
