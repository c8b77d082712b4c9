package org.jkeras.metrics;

import java.util.ArrayList;
import java.util.List;
import org.jkeras.saving.serialization.Config;

/**
 * The {@code thresholds} argument of Precision and Recall as Keras reads it ({@code
 * parse_init_thresholds}): none (a default), one number, or a list, each in [0, 1]; kept as given
 * for {@code get_config()}.
 */
final class Thresholds {
  private Thresholds() {}

  /** The thresholds as given: null, a Double, or a list of Doubles; checked against [0, 1]. */
  static Object given(double... thresholds) {
    if (thresholds == null || thresholds.length == 0) {
      return null;
    }
    ConfusionCounts.checkRange(thresholds);
    if (thresholds.length == 1) {
      return thresholds[0];
    }
    List<Double> out = new ArrayList<>();
    for (double t : thresholds) {
      out.add(t);
    }
    return out;
  }

  /** The values to count at: those given, or the default. */
  static double[] values(Object given, double defaultThreshold) {
    if (given == null) {
      return new double[] {defaultThreshold};
    }
    if (given instanceof Double d) {
      return new double[] {d};
    }
    List<?> list = (List<?>) given;
    double[] out = new double[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) list.get(i)).doubleValue();
    }
    return out;
  }

  /** {@code thresholds} read from a config: null, a number or a list of numbers. */
  static Object read(Config c) {
    double[] t = c.getDoublesOrNull("thresholds");
    if (t == null) {
      return null;
    }
    Object given = given(t);
    return c.get("thresholds") instanceof List<?> && t.length == 1 ? List.of(t[0]) : given;
  }
}
