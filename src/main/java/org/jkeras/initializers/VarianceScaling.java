package org.jkeras.initializers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.random.Seeds;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Keras's {@code VarianceScaling}: samples with variance {@code scale / n}, n being fan_in, fan_out
 * or their average; the base of the Glorot, He and LeCun initialisers.
 *
 * <p>Written here rather than taken from tensorflow-framework, whose Glorot uniform draws from
 * [0, L) and counts conv input channels twice.
 */
public class VarianceScaling implements Initializer {
  private final double scale;
  private final String mode;
  private final String distribution;
  private final long seed;
  private final boolean seeded;
  private final boolean preset;

  /** Keras's {@code VarianceScaling(scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None)}. */
  public VarianceScaling() {
    this(1.0, "fan_in", "truncated_normal", null);
  }

  public VarianceScaling(double scale, String mode, String distribution, Long seed) {
    this(scale, mode, distribution, seed, false);
  }

  /**
   * @param preset true for the named presets (GlorotUniform...), whose Keras config holds the seed
   *     but not the scale, mode and distribution they fix
   */
  protected VarianceScaling(double scale, String mode, String distribution, Long seed, boolean preset) {
    if (!(scale > 0)) {
      throw new IllegalArgumentException(
          "Argument `scale` must be positive float. Received: scale=" + scale);
    }
    if (!mode.equals("fan_in") && !mode.equals("fan_out") && !mode.equals("fan_avg")) {
      throw new IllegalArgumentException(
          "Invalid `mode` argument: expected one of {\"fan_in\", \"fan_out\", \"fan_avg\"}. Received: mode=" + mode);
    }
    if (!distribution.equals("truncated_normal") && !distribution.equals("untruncated_normal")
        && !distribution.equals("uniform")) {
      throw new IllegalArgumentException(
          "Invalid `distribution` argument: expected one of {\"uniform\", \"truncated_normal\", \"untruncated_normal\"}. Received: distribution="
              + distribution);
    }
    this.scale = scale;
    this.mode = mode;
    this.distribution = distribution;
    this.seeded = seed != null;
    this.seed = seed != null ? seed : Seeds.next();
    this.preset = preset;
  }

  @Override
  public Operand<TFloat32> call(Ops tf, Shape shape) {
    Fans fans = Fans.of(shape);
    double n = mode.equals("fan_in") ? fans.in : mode.equals("fan_out") ? fans.out : (fans.in + fans.out) / 2.0;
    n = Math.max(1.0, n);
    double s = scale / n;
    Operand<TInt64> dims = tf.constant(shape.asArray());
    Operand<TInt64> seedPair = tf.constant(new long[] {seed, 0});
    switch (distribution) {
      case "truncated_normal": {
        // 0.879...: the standard deviation of a unit normal truncated to [-2, 2].
        double stddev = Math.sqrt(s) / 0.87962566103423978;
        return tf.math.mul(tf.random.statelessTruncatedNormal(dims, seedPair), tf.constant((float) stddev));
      }
      case "untruncated_normal": {
        double stddev = Math.sqrt(s);
        return tf.math.mul(tf.random.statelessRandomNormal(dims, seedPair), tf.constant((float) stddev));
      }
      default: {
        double limit = Math.sqrt(3.0 * s);
        Operand<TFloat32> u = tf.random.statelessRandomUniform(dims, seedPair);
        return tf.math.sub(tf.math.mul(u, tf.constant((float) (2 * limit))), tf.constant((float) limit));
      }
    }
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("seed", seeded ? seed : null);
    if (!preset) {
      c.put("scale", scale);
      c.put("mode", mode);
      c.put("distribution", distribution);
    }
    // Keras 3.15's axes for fans of kernels with more than two dimensions; jkeras uses the defaults.
    c.put("input_axes", null);
    c.put("output_axes", null);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static VarianceScaling fromConfig(Map<String, Object> config) {
    Config c = Config.of("VarianceScaling", config);
    return new VarianceScaling(c.getDouble("scale", 1.0), c.getString("mode", "fan_in"),
        c.getString("distribution", "truncated_normal"), seedOf(c));
  }

  /** The seed of a config, after checking that the fan axes are Keras's defaults (all jkeras computes). */
  static Long seedOf(Config c) {
    c.requireDefault("input_axes", null);
    c.requireDefault("output_axes", null);
    return c.getLongOrNull("seed");
  }
}
