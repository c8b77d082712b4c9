package org.jkeras.initializers;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.jkeras.saving.serialization.Config;

/**
 * {@code keras.initializers}: {@code get} (an initializer from its Keras name), {@code serialize}
 * and {@code deserialize} (the class name mapped to each class's {@code fromConfig}).
 */
public final class Initializers {
  private static final Map<String, Function<Map<String, Object>, Initializer>> CLASSES = new LinkedHashMap<>();

  static {
    CLASSES.put("GlorotUniform", GlorotUniform::fromConfig);
    CLASSES.put("GlorotNormal", GlorotNormal::fromConfig);
    CLASSES.put("HeNormal", HeNormal::fromConfig);
    CLASSES.put("HeUniform", HeUniform::fromConfig);
    CLASSES.put("LecunNormal", LecunNormal::fromConfig);
    CLASSES.put("LecunUniform", LecunUniform::fromConfig);
    CLASSES.put("VarianceScaling", VarianceScaling::fromConfig);
    CLASSES.put("Zeros", Zeros::fromConfig);
    CLASSES.put("Ones", Ones::fromConfig);
    CLASSES.put("Constant", Constant::fromConfig);
    CLASSES.put("RandomNormal", RandomNormal::fromConfig);
    CLASSES.put("RandomUniform", RandomUniform::fromConfig);
  }

  private Initializers() {}

  public static Initializer get(String identifier) {
    if (identifier == null) {
      throw new IllegalArgumentException("Could not interpret initializer identifier: null");
    }
    switch (identifier.toLowerCase(Locale.ROOT)) {
      case "glorot_uniform": case "glorotuniform": return new GlorotUniform();
      case "glorot_normal": case "glorotnormal": return new GlorotNormal();
      case "he_normal": case "henormal": return new HeNormal();
      case "he_uniform": case "heuniform": return new HeUniform();
      case "lecun_normal": case "lecunnormal": return new LecunNormal();
      case "lecun_uniform": case "lecununiform": return new LecunUniform();
      case "zeros": case "zero": return new Zeros();
      case "ones": case "one": return new Ones();
      case "random_normal": case "randomnormal": case "normal": return new RandomNormal();
      case "random_uniform": case "randomuniform": case "uniform": return new RandomUniform();
      default:
        throw new IllegalArgumentException(
            "Could not interpret initializer identifier: " + identifier
                + ". Expected one of glorot_uniform, glorot_normal, he_normal, he_uniform, lecun_normal,"
                + " lecun_uniform, zeros, ones, random_normal, random_uniform.");
    }
  }

  /** Keras's {@code initializers.serialize}: {@code {"module": "keras.initializers", "class_name", "config", "registered_name"}}; null stays null. */
  public static Map<String, Object> serialize(Initializer initializer) {
    return initializer == null ? null : Config.serialize("keras.initializers", initializer.className(), initializer.getConfig());
  }

  /**
   * Keras's {@code initializers.deserialize}/{@code get} for a config value: null, a name
   * ({@code "glorot_uniform"}) or a serialized initializer (with or without {@code module}).
   */
  @SuppressWarnings("unchecked")
  public static Initializer deserialize(Object serialized) {
    if (serialized == null || serialized instanceof String) {
      return serialized == null ? null : get((String) serialized);
    }
    if (!(serialized instanceof Map)) {
      throw new IllegalArgumentException("Could not interpret initializer: expected a name or a serialized initializer."
          + " Received: " + serialized);
    }
    Map<String, Object> m = (Map<String, Object>) serialized;
    Object cls = m.get("class_name");
    Function<Map<String, Object>, Initializer> factory = CLASSES.get(cls);
    if (factory == null) {
      throw new IllegalArgumentException("Could not interpret initializer class: " + cls + ". Known classes: "
          + new TreeSet<>(CLASSES.keySet()));
    }
    Object config = m.get("config");
    return factory.apply(config == null ? Map.of() : (Map<String, Object>) config);
  }

  /** A float argument as Keras's config shows it: {@code 0.05f} as 0.05, not 0.05000000074505806. */
  static double asDouble(float value) {
    return Double.parseDouble(Float.toString(value));
  }
}
