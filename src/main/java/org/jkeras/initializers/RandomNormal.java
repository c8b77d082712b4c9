package org.jkeras.initializers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.random.Seeds;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras's {@code RandomNormal(mean=0.0, stddev=0.05, seed=None)}. */
public class RandomNormal implements Initializer {
  private final float mean;
  private final float stddev;
  private final Long seed;
  private final long drawn;

  public RandomNormal() {
    this(0f, 0.05f, null);
  }

  public RandomNormal(float mean, float stddev, Long seed) {
    this.mean = mean;
    this.stddev = stddev;
    this.seed = seed;
    this.drawn = seed != null ? seed : Seeds.next();
  }

  @Override
  public Operand<TFloat32> call(Ops tf, Shape shape) {
    Operand<TFloat32> n = tf.random.statelessRandomNormal(tf.constant(shape.asArray()), tf.constant(new long[] {drawn, 0}));
    return tf.math.add(tf.math.mul(n, tf.constant(stddev)), tf.constant(mean));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("seed", seed);
    c.put("mean", Initializers.asDouble(mean));
    c.put("stddev", Initializers.asDouble(stddev));
    return c;
  }

  /** Keras's {@code from_config}. */
  public static RandomNormal fromConfig(Map<String, Object> config) {
    Config c = Config.of("RandomNormal", config);
    return new RandomNormal((float) c.getDouble("mean", 0.0), (float) c.getDouble("stddev", 0.05), c.getLongOrNull("seed"));
  }
}
