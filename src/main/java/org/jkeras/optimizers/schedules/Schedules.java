package org.jkeras.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** {@code keras.optimizers.schedules.deserialize}: a schedule from its serialized form, by class name. */
public final class Schedules {
  private static final Map<String, Function<Map<String, Object>, LearningRateSchedule>> CLASSES = new LinkedHashMap<>();

  static {
    CLASSES.put("ExponentialDecay", ExponentialDecay::fromConfig);
    CLASSES.put("PiecewiseConstantDecay", PiecewiseConstantDecay::fromConfig);
    CLASSES.put("CosineDecay", CosineDecay::fromConfig);
  }

  private Schedules() {}

  @SuppressWarnings("unchecked")
  public static LearningRateSchedule deserialize(Map<String, Object> serialized) {
    String cls = (String) serialized.get("class_name");
    Map<String, Object> c = (Map<String, Object>) serialized.get("config");
    if (cls == null || c == null) {
      throw new IllegalArgumentException(
          "A serialized learning rate schedule needs `class_name` and `config`. Received: " + serialized.keySet());
    }
    Function<Map<String, Object>, LearningRateSchedule> factory = CLASSES.get(cls);
    if (factory == null) {
      throw new IllegalArgumentException(
          "Could not interpret learning rate schedule: " + cls + ". Expected one of " + String.join(", ", CLASSES.keySet()) + ".");
    }
    return factory.apply(c);
  }
}
