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
 * Keras's {@code GaussianDropout(rate, seed=None)}: in training, multiplies every value by normal
 * noise of mean 1 and standard deviation {@code sqrt(rate / (1 - rate))}; the identity at
 * inference. Seeded as {@link Dropout}. A rate of 1 is refused here: its standard deviation is
 * infinite (Keras accepts it, then fails with a division by zero in training).
 */
public class GaussianDropout extends Layer {
  private final double rate;
  private final Long seed;
  private final SeedGenerator seedGenerator;

  public GaussianDropout(double rate) {
    this(rate, null);
  }

  public GaussianDropout(double rate, Long seed) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException("Invalid value received for argument `rate`. Expected a float value in [0, 1)"
          + " (1 would make the noise's standard deviation infinite). Received: rate=" + rate);
    }
    this.rate = rate;
    this.seed = seed;
    this.seedGenerator = new SeedGenerator(seed);
  }

  @Override
  public GaussianDropout name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public GaussianDropout inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  public double rate() {
    return rate;
  }

  @Override
  protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    if (!ctx.training() || rate == 0) {
      return x;
    }
    double stddev = Math.sqrt(rate / (1.0 - rate));
    // Stopped: TF's C++ gradients have none for the random op (Python declares it not differentiable).
    Operand<TFloat32> normal = tf.stopGradient(tf.random.statelessRandomNormal(tf.shape(x), seedGenerator.next(ctx)));
    Operand<TFloat32> scaled = tf.math.mul(DTypes.cast(tf, normal, DTypes.dtypeOf(x)), DTypes.constantLike(tf, stddev, x));
    Operand<TFloat32> noise = tf.math.add(scaled, DTypes.constantLike(tf, 1, x));
    return tf.math.mul(x, noise);
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

  /** Keras's {@code GaussianDropout.call(inputs, training=False)}. */
  @Override
  public Boolean callTrainingDefault() {
    return false;
  }

  /**
   * Computes in any float dtype (mixed precision): the noise drawn in float32 (as under a float32
   * policy), then {@code 1 + stddev * noise} in the input's dtype.
   */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("rate", rate);
    c.put("seed", seed);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static GaussianDropout fromConfig(Map<String, Object> config) {
    Config c = Config.of("GaussianDropout", config);
    return withBaseConfig(new GaussianDropout(c.getDouble("rate"), c.getLongOrNull("seed")), c);
  }
}
