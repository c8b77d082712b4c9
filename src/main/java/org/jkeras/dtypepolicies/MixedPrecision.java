package org.jkeras.dtypepolicies;

/**
 * Keras's {@code keras.mixed_precision}: the global dtype policy, which every layer created
 * afterwards takes unless given its own ({@code layer.dtype(...)}).
 *
 * <pre>{@code
 * MixedPrecision.setGlobalPolicy("mixed_bfloat16");
 * Sequential model = new Sequential(
 *     new Conv2D(32, 3).activation("relu").inputShape(32, 32, 3), ...,
 *     new Dense(1).activation("sigmoid").dtype("float32")); // the output in float32, as Keras's guide says
 * }</pre>
 *
 * <p>As in Keras 3 (whose global state is a {@code threading.local}), the setting belongs to the
 * thread that makes it, and {@code clearSession()} resets it to float32. Code that sets it for a
 * while (a test, a command) uses {@link #policyScope}, which puts the previous policy back on
 * close, so that nothing leaks into what runs next on the thread.
 */
public final class MixedPrecision {
  private static final ThreadLocal<DTypePolicy> GLOBAL = ThreadLocal.withInitial(() -> DTypePolicy.FLOAT32);

  private MixedPrecision() {}

  /** Keras's {@code set_global_policy("mixed_bfloat16")}; null resets it to float32. */
  public static void setGlobalPolicy(String policy) {
    setGlobalPolicy(policy == null ? DTypePolicy.FLOAT32 : DTypePolicy.of(policy));
  }

  /** Keras's {@code set_global_policy(policy)}; null resets it to float32. */
  public static void setGlobalPolicy(DTypePolicy policy) {
    GLOBAL.set(policy == null ? DTypePolicy.FLOAT32 : policy);
  }

  /** Keras's {@code global_policy()}: float32 unless set on this thread. */
  public static DTypePolicy globalPolicy() {
    return GLOBAL.get();
  }

  /**
   * Sets the global policy until the returned scope closes, which restores the one before:
   * {@code try (var scope = MixedPrecision.policyScope("mixed_bfloat16")) { ... }}.
   */
  public static Scope policyScope(String policy) {
    DTypePolicy previous = globalPolicy();
    setGlobalPolicy(policy);
    return () -> setGlobalPolicy(previous);
  }

  /** A global policy set for a while; closing it restores the previous one. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
