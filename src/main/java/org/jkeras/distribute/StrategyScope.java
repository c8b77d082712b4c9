package org.jkeras.distribute;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Keras's {@code with strategy.scope():} as a try-with-resources block: a model created (or
 * compiled) inside it trains with the strategy. Scopes nest per thread; closing one restores the
 * strategy that was current before it.
 */
public final class StrategyScope implements AutoCloseable {
  private static final ThreadLocal<Deque<MultiWorkerMirroredStrategy>> CURRENT = ThreadLocal.withInitial(ArrayDeque::new);

  private final MultiWorkerMirroredStrategy strategy;
  private boolean closed;

  StrategyScope(MultiWorkerMirroredStrategy strategy) {
    this.strategy = strategy;
    CURRENT.get().push(strategy);
  }

  /** Keras's {@code tf.distribute.get_strategy()} inside a scope: the innermost strategy of this thread, or null. */
  public static MultiWorkerMirroredStrategy current() {
    return CURRENT.get().peek();
  }

  public MultiWorkerMirroredStrategy strategy() {
    return strategy;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    Deque<MultiWorkerMirroredStrategy> stack = CURRENT.get();
    if (stack.peek() != strategy) {
      throw new IllegalStateException("Strategy scopes must be closed in the reverse order they were opened.");
    }
    stack.pop();
  }
}
