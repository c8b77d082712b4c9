package org.jkeras.dtypepolicies;

/**
 * Keras's {@code DTypePolicy}: the dtype a layer computes in and the dtype of its variables. jkeras
 * computes in float32 today ({@code "float32"}); the policy travels in every layer call's context
 * ({@code CallContext.dtypePolicy()}) so that mixed precision ({@code "mixed_bfloat16"}: variables
 * in float32, computations in bfloat16) has one place to come in.
 */
public final class DTypePolicy {
  public static final DTypePolicy FLOAT32 = new DTypePolicy("float32", "float32", "float32");

  private final String name;
  private final String computeDtype;
  private final String variableDtype;

  private DTypePolicy(String name, String computeDtype, String variableDtype) {
    this.name = name;
    this.computeDtype = computeDtype;
    this.variableDtype = variableDtype;
  }

  /** Keras's {@code DTypePolicy(name)}; only {@code "float32"} is supported so far. */
  public static DTypePolicy of(String name) {
    if ("float32".equals(name)) {
      return FLOAT32;
    }
    throw new IllegalArgumentException("jkeras supports the dtype policy \"float32\" only so far. Received: name=" + name);
  }

  public String name() {
    return name;
  }

  /** The dtype of a layer's computations and outputs. */
  public String computeDtype() {
    return computeDtype;
  }

  /** The dtype of a layer's weights. */
  public String variableDtype() {
    return variableDtype;
  }

  @Override
  public String toString() {
    return "<DTypePolicy \"" + name + "\">";
  }
}
