package org.jkeras.optimizers.schedules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Keras's {@code PiecewiseConstantDecay(boundaries, values)}: {@code values[0]} while
 * {@code step <= boundaries[0]}, {@code values[i]} while {@code boundaries[i-1] < step <=
 * boundaries[i]}, {@code values[-1]} after the last boundary.
 */
public class PiecewiseConstantDecay extends LearningRateSchedule {
  private final long[] boundaries;
  private final double[] values;

  public PiecewiseConstantDecay(long[] boundaries, double[] values) {
    if (boundaries == null || values == null || boundaries.length != values.length - 1) {
      throw new IllegalArgumentException(
          "The length of boundaries should be 1 less than the length of values. Received: boundaries="
              + Arrays.toString(boundaries) + " of length " + (boundaries == null ? 0 : boundaries.length)
              + ", and values=" + Arrays.toString(values) + " of length " + (values == null ? 0 : values.length) + ".");
    }
    for (int i = 1; i < boundaries.length; i++) {
      if (boundaries[i] <= boundaries[i - 1]) {
        throw new IllegalArgumentException(
            "Argument `boundaries` must be strictly increasing. Received: boundaries=" + Arrays.toString(boundaries));
      }
    }
    for (double v : values) {
      nonNegative("values", v);
    }
    this.boundaries = boundaries.clone();
    this.values = values.clone();
  }

  @Override
  public Operand<TFloat32> call(Ops tf, Operand<TInt64> step) {
    Ops s = tf.withSubScope("PiecewiseConstant");
    // As Keras: the sum over the intervals of (step in interval) * value.
    Operand<TFloat32> result = s.math.mul(
        s.dtypes.cast(s.math.lessEqual(step, s.constant(boundaries[0])), TFloat32.class), s.constant((float) values[0]));
    result = s.math.add(result, s.math.mul(
        s.dtypes.cast(s.math.greater(step, s.constant(boundaries[boundaries.length - 1])), TFloat32.class),
        s.constant((float) values[values.length - 1])));
    for (int i = 1; i < boundaries.length; i++) {
      Operand<TFloat32> inRange = s.dtypes.cast(s.math.logicalAnd(
          s.math.greater(step, s.constant(boundaries[i - 1])), s.math.lessEqual(step, s.constant(boundaries[i]))), TFloat32.class);
      result = s.math.add(result, s.math.mul(inRange, s.constant((float) values[i])));
    }
    return result;
  }

  @Override
  public Map<String, Object> getConfig() {
    List<Object> b = new ArrayList<>();
    for (long x : boundaries) {
      b.add(x);
    }
    List<Object> v = new ArrayList<>();
    for (double x : values) {
      v.add(x);
    }
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("boundaries", b);
    c.put("values", v);
    c.put("name", "PiecewiseConstant");
    return c;
  }

  /** Keras's {@code from_config}. */
  public static PiecewiseConstantDecay fromConfig(Map<String, Object> config) {
    Config c = Config.of("PiecewiseConstantDecay", config);
    List<Object> b = c.getListOrNull("boundaries");
    List<Object> v = c.getListOrNull("values");
    if (b == null || v == null) {
      throw new IllegalArgumentException("The config of PiecewiseConstantDecay needs `boundaries` and `values`. Received: "
          + config);
    }
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
}
