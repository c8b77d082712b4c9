package org.jkeras.dtypepolicies;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.saving.serialization.Config;

/**
 * Keras's {@code DTypePolicy}: the dtype a layer computes in and the dtype of its variables.
 * {@code "float32"} (the default), {@code "mixed_bfloat16"} and {@code "mixed_float16"} (variables
 * in float32, computations in bfloat16 or float16), {@code "bfloat16"} and {@code "float16"}
 * (both in that dtype). Each layer has one ({@code layer.dtype(...)}, by default the global policy
 * of {@link MixedPrecision}), and its calls run under it: inputs are cast to the compute dtype and
 * weights are read in it (see {@code Layer.invoke}).
 *
 * <p>jkeras keeps every weight in float32: a policy whose variable dtype is not float32 is accepted
 * (a config can name it, a layer without weights computes in it), but a layer with weights refuses
 * it when it creates them, naming the layer and the policy.
 */
public final class DTypePolicy {
  public static final DTypePolicy FLOAT32 = new DTypePolicy("float32", "float32", "float32");
  public static final DTypePolicy MIXED_BFLOAT16 = new DTypePolicy("mixed_bfloat16", "bfloat16", "float32");
  public static final DTypePolicy MIXED_FLOAT16 = new DTypePolicy("mixed_float16", "float16", "float32");
  public static final DTypePolicy BFLOAT16 = new DTypePolicy("bfloat16", "bfloat16", "bfloat16");
  public static final DTypePolicy FLOAT16 = new DTypePolicy("float16", "float16", "float16");

  private final String name;
  private final String computeDtype;
  private final String variableDtype;

  private DTypePolicy(String name, String computeDtype, String variableDtype) {
    this.name = name;
    this.computeDtype = computeDtype;
    this.variableDtype = variableDtype;
  }

  /**
   * Keras's {@code DTypePolicy(name)}: {@code "float32"}, {@code "mixed_bfloat16"}, {@code
   * "mixed_float16"}, {@code "bfloat16"} or {@code "float16"}.
   */
  public static DTypePolicy of(String name) {
    if (name != null) {
      switch (name) {
        case "float32":
          return FLOAT32;
        case "mixed_bfloat16":
          return MIXED_BFLOAT16;
        case "mixed_float16":
          return MIXED_FLOAT16;
        case "bfloat16":
          return BFLOAT16;
        case "float16":
          return FLOAT16;
        default:
          break;
      }
    }
    throw new IllegalArgumentException("Cannot convert '" + name + "' to a DTypePolicy. jkeras supports 'float32',"
        + " 'mixed_bfloat16', 'mixed_float16', 'bfloat16' and 'float16'. Received: name=" + name);
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

  /** True for a policy that computes in float32 (jkeras's default). */
  public boolean computesInFloat32() {
    return "float32".equals(computeDtype);
  }

  /** Keras's {@code get_config()}: {@code {"name": "mixed_bfloat16"}}. */
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
   * "keras", "class_name": "DTypePolicy", "config": {"name": "mixed_bfloat16"}, "registered_name":
   * null}}.
   */
  public Map<String, Object> serialize() {
    return Config.serialize("keras", "DTypePolicy", getConfig());
  }

  /**
   * Keras's {@code dtype_policies.get}: a policy from a layer config's {@code dtype} (null: the
   * global policy), a name ({@code "float32"}, as InputLayer and older files write it) or the
   * serialized dict ({@code DTypePolicy}, or {@code FloatDTypePolicy} as Keras 3.0-3.3 wrote it).
   */
  @SuppressWarnings("unchecked")
  public static DTypePolicy deserialize(Object dtype) {
    if (dtype == null) {
      return MixedPrecision.globalPolicy();
    }
    if (dtype instanceof DTypePolicy p) {
      return p;
    }
    if (dtype instanceof String) {
      return of((String) dtype);
    }
    if (dtype instanceof Map) {
      Map<String, Object> m = (Map<String, Object>) dtype;
      Config c = Config.of("DTypePolicy", m);
      Object cls = c.get("class_name");
      if (!"DTypePolicy".equals(cls) && !"FloatDTypePolicy".equals(cls)) {
        throw new IllegalArgumentException("jkeras supports the dtype policy classes DTypePolicy and FloatDTypePolicy"
            + " only. Received: class_name=" + cls);
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
