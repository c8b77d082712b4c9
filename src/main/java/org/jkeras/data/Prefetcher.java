package org.jkeras.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * jkeras's one input-pipeline executor, as tf.data runs every stage of a pipeline on one runtime:
 * the worker threads all stages run on (decoding image files, mapping layers over batches, reading
 * ahead), and, for one pass of a stage, the prefetch queue that hands its items out in order.
 *
 * <p>A pass of a stage ({@link PipelineStage}) reads its items in order on one task, each into a slot of its
 * own (buffers reused from item to item); an item may then go through a transform (a map's graph)
 * on up to {@code parallel} tasks at once; the items are handed out in their order, with up to
 * {@code ahead} ready beyond the one in use. The slot of an item is reused once the next one is
 * asked for (the {@link Batch} contract). Each item read gets the next value of the pass's step
 * counter, which the transform sees (a map mixes it into its layers' seeds): this class alone
 * advances step counters.
 *
 * <p>Threads: one process-wide pool of daemon threads ({@code jkeras-data-N}), made on demand and
 * ended after a minute idle. A stage's reading task waits on its queue and on the stage before it,
 * so no task ever waits for a free thread (a fixed pool could deadlock with the readers of chained
 * stages); how much runs at once is bounded per stage instead: {@code parallel} transforms, and work
 * split by {@link #parallel} into at most as many parts as there are cores. Closing the iterator
 * interrupts its tasks and waits for them before the slots are freed (no task writes into a freed tensor).
 */
public final class Prefetcher<S> implements BatchIterator {
  /** Cores: the parts {@link #parallel} splits work into at most. */
  public static final int CORES = Math.max(1, Runtime.getRuntime().availableProcessors());

  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final ExecutorService POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
      new SynchronousQueue<>(), r -> {
        Thread t = new Thread(r, "jkeras-data-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
      });

  /** A unit of work that may fail. */
  public interface Job {
    void run(int index) throws Exception;
  }

  private final PipelineStage<S> stage;
  private final AtomicLong steps;
  private final Semaphore transforms;
  private final boolean transforming;
  private final BlockingQueue<S> free = new LinkedBlockingQueue<>();
  private final BlockingQueue<Future<S>> ready = new LinkedBlockingQueue<>();
  private final List<S> slots = new ArrayList<>();
  private final Object lock = new Object();
  private final Set<Thread> running = new HashSet<>();
  private int tasks;
  private boolean closed;
  private Future<S> pending;
  private S inUse;

  private static final Future<Object> END = CompletableFuture.completedFuture(null);

  /** Starts a pass of {@code stage} whose items are numbered from 1 (a stage that does not use the numbers). */
  Prefetcher(PipelineStage<S> stage, int parallel, int ahead) {
    this(stage, parallel, ahead, new AtomicLong());
  }

  /**
   * Starts a pass of {@code stage}: reading ahead at once.
   *
   * @param parallel transforms run at once; 0: the stage has no transform
   * @param ahead items made ready beyond the one in use
   * @param steps the step counter the items are numbered from (a map's lasts across its passes)
   */
  public Prefetcher(PipelineStage<S> stage, int parallel, int ahead, AtomicLong steps) {
    this.stage = stage;
    this.steps = steps;
    this.transforming = parallel > 0;
    this.transforms = new Semaphore(Math.max(1, parallel));
    for (int i = 0; i < parallel + ahead + 1; i++) {
      S s = stage.newSlot();
      slots.add(s);
      free.add(s);
    }
    submit(this::readAll);
  }

  /** The reading task: every item of the pass in order, each then transformed on a task of its own. */
  private S readAll() throws InterruptedException {
    long items = 0;
    while (true) {
      S slot = free.take();
      boolean more;
      try {
        more = stage.read(slot, this);
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception | Error e) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedException(); // closed while the stage was reading
        }
        ready.put(CompletableFuture.failedFuture(e));
        return null;
      }
      if (!more) {
        stage.ended(items);
        ready.put(end());
        return null;
      }
      items++;
      long step = steps.incrementAndGet();
      if (!transforming) {
        ready.put(CompletableFuture.completedFuture(slot));
        continue;
      }
      transforms.acquire();
      ready.put(submit(() -> {
        try {
          stage.transform(slot, step);
          return slot;
        } finally {
          transforms.release();
        }
      }));
    }
  }

  @SuppressWarnings("unchecked")
  private Future<S> end() {
    return (Future<S>) (Future<?>) END;
  }

  /**
   * The number the item being read will carry (the step counter's next value): for a stage whose
   * reading, not only its transform, depends on it. Only the reading task reads items, one at a time.
   */
  public long nextStep() {
    return steps.get() + 1;
  }

  /**
   * Runs {@code job} on the indices {@code 0..n-1}, split into at most {@link #CORES} parts run at
   * once (one on the calling task), and waits for them; the first failure is thrown.
   */
  public void parallel(int n, Job job) throws Exception {
    int parts = Math.min(n, CORES);
    List<Future<Void>> others = new ArrayList<>();
    for (int p = 1; p < parts; p++) {
      int part = p;
      others.add(submit(() -> {
        runPart(job, part, parts, n);
        return null;
      }));
    }
    Exception failure = null;
    try {
      runPart(job, 0, parts, n);
    } catch (Exception e) {
      failure = e;
    }
    for (Future<Void> f : others) {
      try {
        f.get();
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause() instanceof Exception x ? x : new IllegalStateException(e.getCause());
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static void runPart(Job job, int part, int parts, int n) throws Exception {
    for (int i = part; i < n; i += parts) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException();
      }
      job.run(i);
    }
  }

  /** Runs {@code work} on the shared pool as a task of this pass (interrupted and waited for on close). */
  private <T> Future<T> submit(Callable<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    synchronized (lock) {
      if (closed) {
        result.cancel(false);
        return result;
      }
      tasks++;
    }
    POOL.execute(() -> {
      Thread me = Thread.currentThread();
      try {
        synchronized (lock) {
          if (closed) {
            result.cancel(false);
            return;
          }
          running.add(me);
        }
        result.complete(work.call());
      } catch (Throwable e) {
        result.completeExceptionally(e);
      } finally {
        synchronized (lock) {
          running.remove(me);
          Thread.interrupted(); // the pool's thread goes back clean
          tasks--;
          lock.notifyAll();
        }
      }
    });
    return result;
  }

  @Override
  public boolean hasNext() {
    if (pending == null) {
      if (closed) {
        return false;
      }
      try {
        pending = ready.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for the next batch", e);
      }
    }
    return pending != END;
  }

  /** The next item; a pass that failed throws its failure, again at every call. */
  @Override
  public Batch next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    S slot;
    try {
      slot = pending.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the next batch", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause.getMessage(), cause);
    }
    pending = null;
    if (inUse != null) {
      stage.recycle(inUse); // the previous batch is no longer in use (Batch contract)
      free.add(inUse);
    }
    inUse = slot;
    return stage.batch(slot);
  }

  /** Stops the pass: interrupts its tasks, waits for them, then closes the stage and frees the slots. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      running.forEach(Thread::interrupt);
      try {
        while (tasks > 0) {
          lock.wait();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return; // the buffers are left to the garbage collector rather than freed under a running task
      }
    }
    stage.close();
    for (S s : slots) {
      stage.free(s);
    }
    pending = null;
    inUse = null;
  }
}
