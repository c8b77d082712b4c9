package org.jkeras.layers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.DTypes;
import org.jkeras.random.SeedGenerator;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code GaussianNoise(stddev, seed=None)}: in training, adds zero-mean normal noise of
 * standard deviation {@code stddev} to every value; the identity at inference. Keras accepts
 * {@code stddev} in [0, 1] only, and so does jkeras. Seeded as {@link Dropout}.
 */
public class GaussianNoise extends Layer {
  private final double stddev;
  private final Long seed;
  private final SeedGenerator seedGenerator;

  public GaussianNoise(double stddev) {
    this(stddev, null);
  }

  public GaussianNoise(double stddev, Long seed) {
    if (!(stddev >= 0 && stddev <= 1)) {
      throw new IllegalArgumentException("Invalid value received for argument `stddev`. Expected a float value between 0"
          + " and 1. Received: stddev=" + stddev);
    }
    this.stddev = stddev;
    this.seed = seed;
    this.seedGenerator = new SeedGenerator(seed);
  }

  @Override
  public GaussianNoise name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public GaussianNoise inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  public double stddev() {
    return stddev;
  }

  @Override
  protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    if (!ctx.training() || stddev == 0) {
      return x;
    }
    // Stopped: TF's C++ gradients have none for the random op (Python declares it not differentiable).
    Operand<TFloat32> noise = tf.stopGradient(tf.random.statelessRandomNormal(tf.shape(x), seedGenerator.next(ctx)));
    return tf.math.add(x, tf.math.mul(DTypes.cast(tf, noise, DTypes.dtypeOf(x)), DTypes.constantLike(tf, stddev, x)));
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    return inputShape;
  }

  /** Keras builds this layer when it is made: its saved config has no {@code build_config}. */
  @Override
  protected boolean buildsAtInit() {
    return true;
  }

  /** Keras's {@code GaussianNoise.call(inputs, training=False)}. */
  @Override
  public Boolean callTrainingDefault() {
    return false;
  }

  /**
   * Computes in any float dtype (mixed precision): the noise drawn in float32 (as under a float32
   * policy), then scaled and added in the input's dtype.
   */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("stddev", stddev);
    c.put("seed", seed);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static GaussianNoise fromConfig(Map<String, Object> config) {
    Config c = Config.of("GaussianNoise", config);
    return withBaseConfig(new GaussianNoise(c.getDouble("stddev"), c.getLongOrNull("seed")), c);
  }
}
