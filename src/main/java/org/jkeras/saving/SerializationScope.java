package org.jkeras.saving;

import java.util.Map;
import java.util.function.Function;

/**
 * What {@link Serialization#deserialize} reads while a model file is being loaded: the caller's
 * custom objects (class name to {@code fromConfig}) and whether safe mode is on. Keras keeps the
 * same two in scopes ({@code CustomObjectScope}, {@code SafeModeScope}) because a config is
 * rebuilt by nested {@code from_config} calls that take no such arguments; so does jkeras, one
 * scope per thread, opened with try-with-resources:
 *
 * <pre>{@code
 * try (SerializationScope scope = SerializationScope.open(Map.of("Scale", Scale::fromConfig), true)) {
 *   Layer model = Serialization.deserialize(config);
 * }
 * }</pre>
 *
 * <p>Outside any scope there are no custom objects and safe mode is on.
 */
public final class SerializationScope implements AutoCloseable {
  private static final ThreadLocal<SerializationScope> CURRENT = new ThreadLocal<>();
  private static final SerializationScope DEFAULT = new SerializationScope(Map.of(), true, null);

  private final Map<String, ? extends Function<Map<String, Object>, ?>> customObjects;
  private final boolean safeMode;
  private final SerializationScope previous;
  private boolean closed;

  private SerializationScope(Map<String, ? extends Function<Map<String, Object>, ?>> customObjects, boolean safeMode,
      SerializationScope previous) {
    this.customObjects = customObjects;
    this.safeMode = safeMode;
    this.previous = previous;
  }

  /**
   * Opens a scope on this thread until {@link #close()}; an enclosing scope's custom objects stay
   * visible unless these name the same classes.
   *
   * @param customObjects Keras class name to the factory building it from its config (a layer's
   *     {@code fromConfig}); may be empty
   * @param safeMode whether classes registered as unsafe ({@link Serialization#registerUnsafe}) are refused
   */
  public static SerializationScope open(Map<String, ? extends Function<Map<String, Object>, ?>> customObjects,
      boolean safeMode) {
    SerializationScope scope = new SerializationScope(Map.copyOf(customObjects), safeMode, CURRENT.get());
    CURRENT.set(scope);
    return scope;
  }

  static SerializationScope current() {
    SerializationScope s = CURRENT.get();
    return s == null ? DEFAULT : s;
  }

  boolean safeMode() {
    return safeMode;
  }

  /** The custom object for {@code className} in this scope or an enclosing one, or null. */
  Function<Map<String, Object>, ?> customObject(String className) {
    for (SerializationScope s = this; s != null; s = s.previous) {
      Function<Map<String, Object>, ?> f = s.customObjects.get(className);
      if (f != null) {
        return f;
      }
    }
    return null;
  }

  /** Restores the enclosing scope (or none). */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
  }
}
