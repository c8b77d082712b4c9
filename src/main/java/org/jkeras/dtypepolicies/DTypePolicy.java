package org.jkeras.dtypepolicies;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.saving.serialization.Config;

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

  /** Keras's {@code get_config()}: {@code {"name": "float32"}}. */
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static DTypePolicy fromConfig(Map<String, Object> config) {
    return of(Config.of("DTypePolicy", config).getString("name"));
  }

  /**
   * Keras's {@code dtype_policies.serialize}, as a layer's config holds it: {@code {"module":
   * "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}}.
   */
  public Map<String, Object> serialize() {
    return Config.serialize("keras", "DTypePolicy", getConfig());
  }

  /**
   * Keras's {@code dtype_policies.get}: a policy from a layer config's {@code dtype} (null: the
   * default, float32), a name ({@code "float32"}, as InputLayer and older files write it) or the
   * serialized dict.
   */
  @SuppressWarnings("unchecked")
  public static DTypePolicy deserialize(Object dtype) {
    if (dtype == null) {
      return FLOAT32;
    }
    if (dtype instanceof String) {
      return of((String) dtype);
    }
    if (dtype instanceof Map) {
      Map<String, Object> m = (Map<String, Object>) dtype;
      Config c = Config.of("DTypePolicy", m);
      if (!"DTypePolicy".equals(c.get("class_name"))) {
        throw new IllegalArgumentException("jkeras supports the dtype policy class DTypePolicy only so far. Received: class_name="
            + c.get("class_name"));
      }
      return fromConfig(c.getMapOrNull("config"));
    }
    throw new IllegalArgumentException("Could not interpret dtype policy: expected a name or a serialized DTypePolicy."
        + " Received: dtype=" + dtype);
  }

  @Override
  public String toString() {
    return "<DTypePolicy \"" + name + "\">";
  }
}
