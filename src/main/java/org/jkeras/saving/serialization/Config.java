package org.jkeras.saving.serialization;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Keras config being read back: the map {@code get_config()} wrote (or JSON parsed into Long,
 * Double, String, Boolean, List, Map and null), with typed getters whose errors name the object and
 * the key, and {@link #serialize}, the {@code {"module", "class_name", "config", "registered_name"}}
 * form of Keras's {@code serialize_keras_object}.
 *
 * <p>A leaf of the package graph (it imports nothing of jkeras), so that layers, initializers,
 * optimizers and losses can all read their configs without depending on {@code saving}.
 */
public final class Config {
  private final String owner;
  private final Map<String, Object> values;

  private Config(String owner, Map<String, Object> values) {
    this.owner = owner;
    this.values = values;
  }

  /**
   * The config {@code values} of {@code owner} (a class name, used in errors).
   *
   * @throws IllegalArgumentException if {@code values} is null
   */
  public static Config of(String owner, Map<String, Object> values) {
    if (values == null) {
      throw new IllegalArgumentException("The config of " + owner + " must be a map. Received: config=null");
    }
    return new Config(owner, values);
  }

  /** Keras's {@code serialize_keras_object} form of a built-in object. */
  public static Map<String, Object> serialize(String module, String className, Map<String, Object> config) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("module", module);
    m.put("class_name", className);
    m.put("config", config);
    m.put("registered_name", null);
    return m;
  }

  /** Whether {@code key} is present with a non-null value. */
  public boolean has(String key) {
    return values.get(key) != null;
  }

  public Object get(String key) {
    return values.get(key);
  }

  public Map<String, Object> asMap() {
    return Collections.unmodifiableMap(values);
  }

  public String getString(String key) {
    return typed(key, String.class, "a string");
  }

  public String getString(String key, String fallback) {
    return has(key) ? getString(key) : fallback;
  }

  public boolean getBoolean(String key, boolean fallback) {
    return has(key) ? typed(key, Boolean.class, "true or false") : fallback;
  }

  public double getDouble(String key) {
    return typed(key, Number.class, "a number").doubleValue();
  }

  public double getDouble(String key, double fallback) {
    return has(key) ? getDouble(key) : fallback;
  }

  /** A number or null. */
  public Double getDoubleOrNull(String key) {
    return has(key) ? getDouble(key) : null;
  }

  public int getInt(String key) {
    return Math.toIntExact(integral(key));
  }

  public int getInt(String key, int fallback) {
    return has(key) ? getInt(key) : fallback;
  }

  public long getLong(String key) {
    return integral(key);
  }

  public long getLong(String key, long fallback) {
    return has(key) ? getLong(key) : fallback;
  }

  /** An integer or null (a seed...). */
  public Long getLongOrNull(String key) {
    return has(key) ? integral(key) : null;
  }

  /** One integer or a list of them, as Keras's tuples ({@code kernel_size=3} or {@code [3, 3]}). */
  public int[] getInts(String key) {
    Object v = require(key);
    if (v instanceof Number) {
      return new int[] {Math.toIntExact(integral(key))};
    }
    List<?> list = list(key, v);
    int[] out = new int[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.toIntExact(integralValue(key, list.get(i)));
    }
    return out;
  }

  /** One number or a list of them (a factor {@code 0.2} or {@code [-0.2, 0.3]}); null when absent. */
  public double[] getDoublesOrNull(String key) {
    if (!has(key)) {
      return null;
    }
    Object v = values.get(key);
    if (v instanceof Number) {
      return new double[] {((Number) v).doubleValue()};
    }
    List<?> list = list(key, v);
    double[] out = new double[list.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(list.get(i) instanceof Number)) {
        throw invalid(key, v, "a number or a list of numbers");
      }
      out[i] = ((Number) list.get(i)).doubleValue();
    }
    return out;
  }

  /** A nested map (a serialized initializer, a schedule...), or null. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> getMapOrNull(String key) {
    return has(key) ? typed(key, Map.class, "a map") : null;
  }

  /** A list, or null. */
  public List<Object> getListOrNull(String key) {
    return has(key) ? new ArrayList<>(list(key, values.get(key))) : null;
  }

  /**
   * Refuses a Keras option jkeras does not implement unless it has its default value ({@code null}
   * or the given one), rather than building something that computes differently.
   */
  public void requireDefault(String key, Object defaultValue) {
    Object v = values.get(key);
    if (v == null || v.equals(defaultValue)
        || (v instanceof Number && defaultValue instanceof Number
            && ((Number) v).doubleValue() == ((Number) defaultValue).doubleValue())) {
      return;
    }
    throw new IllegalArgumentException("jkeras does not support `" + key + "` in " + owner + " yet (only "
        + (defaultValue == null ? "None" : defaultValue) + "). Received: " + key + "=" + v);
  }

  private Object require(String key) {
    Object v = values.get(key);
    if (v == null) {
      throw new IllegalArgumentException("The config of " + owner + " needs `" + key + "`. Received: config keys="
          + values.keySet());
    }
    return v;
  }

  private <T> T typed(String key, Class<T> type, String expected) {
    Object v = require(key);
    if (!type.isInstance(v)) {
      throw invalid(key, v, expected);
    }
    return type.cast(v);
  }

  private long integral(String key) {
    return integralValue(key, require(key));
  }

  private long integralValue(String key, Object v) {
    if (v instanceof Number) {
      double d = ((Number) v).doubleValue();
      if (d == Math.rint(d) && !Double.isInfinite(d)) {
        return ((Number) v).longValue();
      }
    }
    throw invalid(key, values.get(key), "an integer");
  }

  private List<?> list(String key, Object v) {
    if (!(v instanceof List)) {
      throw invalid(key, v, "a list");
    }
    return (List<?>) v;
  }

  private IllegalArgumentException invalid(String key, Object v, String expected) {
    return new IllegalArgumentException("Invalid `" + key + "` in the config of " + owner + ": expected " + expected
        + ". Received: " + key + "=" + v);
  }
}
