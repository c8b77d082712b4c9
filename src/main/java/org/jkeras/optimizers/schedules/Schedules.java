package org.jkeras.optimizers.schedules;

import java.util.List;
import java.util.Map;

/** {@code keras.optimizers.schedules.deserialize}: a schedule from its serialized form. */
public final class Schedules {
  private Schedules() {}

  @SuppressWarnings("unchecked")
  public static LearningRateSchedule deserialize(Map<String, Object> serialized) {
    String cls = (String) serialized.get("class_name");
    Map<String, Object> c = (Map<String, Object>) serialized.get("config");
    if (cls == null || c == null) {
      throw new IllegalArgumentException(
          "A serialized learning rate schedule needs `class_name` and `config`. Received: " + serialized.keySet());
    }
    switch (cls) {
      case "ExponentialDecay":
        return new ExponentialDecay(d(c, "initial_learning_rate"), l(c, "decay_steps"), d(c, "decay_rate"),
            Boolean.TRUE.equals(c.get("staircase")));
      case "PiecewiseConstantDecay": {
        List<?> b = (List<?>) c.get("boundaries");
        List<?> v = (List<?>) c.get("values");
        long[] bs = new long[b.size()];
        for (int i = 0; i < bs.length; i++) {
          bs[i] = ((Number) b.get(i)).longValue();
        }
        double[] vs = new double[v.size()];
        for (int i = 0; i < vs.length; i++) {
          vs[i] = ((Number) v.get(i)).doubleValue();
        }
        return new PiecewiseConstantDecay(bs, vs);
      }
      case "CosineDecay":
        return new CosineDecay(d(c, "initial_learning_rate"), l(c, "decay_steps"),
            c.get("alpha") == null ? 0.0 : d(c, "alpha"),
            c.get("warmup_target") == null ? null : d(c, "warmup_target"),
            c.get("warmup_steps") == null ? 0 : l(c, "warmup_steps"));
      default:
        throw new IllegalArgumentException(
            "Could not interpret learning rate schedule: " + cls
                + ". Expected one of ExponentialDecay, PiecewiseConstantDecay, CosineDecay.");
    }
  }

  private static double d(Map<String, Object> c, String k) {
    return ((Number) c.get(k)).doubleValue();
  }

  private static long l(Map<String, Object> c, String k) {
    return ((Number) c.get(k)).longValue();
  }
}
