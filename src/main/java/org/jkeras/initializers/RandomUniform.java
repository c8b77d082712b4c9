package org.jkeras.initializers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.random.Seeds;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras's {@code RandomUniform(minval=-0.05, maxval=0.05, seed=None)}. */
public class RandomUniform implements Initializer {
  private final float minval;
  private final float maxval;
  private final Long seed;
  private final long drawn;

  public RandomUniform() {
    this(-0.05f, 0.05f, null);
  }

  public RandomUniform(float minval, float maxval, Long seed) {
    this.minval = minval;
    this.maxval = maxval;
    this.seed = seed;
    this.drawn = seed != null ? seed : Seeds.next();
  }

  @Override
  public Operand<TFloat32> call(Ops tf, Shape shape) {
    Operand<TFloat32> u = tf.random.statelessRandomUniform(tf.constant(shape.asArray()), tf.constant(new long[] {drawn, 0}));
    return tf.math.add(tf.math.mul(u, tf.constant(maxval - minval)), tf.constant(minval));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("seed", seed);
    c.put("minval", Initializers.asDouble(minval));
    c.put("maxval", Initializers.asDouble(maxval));
    return c;
  }

  /** Keras's {@code from_config}. */
  public static RandomUniform fromConfig(Map<String, Object> config) {
    Config c = Config.of("RandomUniform", config);
    return new RandomUniform((float) c.getDouble("minval", -0.05), (float) c.getDouble("maxval", 0.05), c.getLongOrNull("seed"));
  }
}
