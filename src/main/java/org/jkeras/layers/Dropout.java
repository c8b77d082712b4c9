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
 * Keras's {@code Dropout(rate, noise_shape=None, seed=None)}: in training, zeroes each unit with
 * probability {@code rate} and scales the kept ones by {@code 1 / (1 - rate)}; the identity at
 * inference. TF has no dropout op in this runtime, so it is built from a stateless uniform draw.
 */
public class Dropout extends Layer {
  private final double rate;
  private final Long seed;
  private final SeedGenerator seedGenerator;

  public Dropout(double rate) {
    this(rate, null);
  }

  public Dropout(double rate, Long seed) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(
          "Invalid value received for argument `rate`. Expected a float value between 0 and 1. Received: rate=" + rate);
    }
    this.rate = rate;
    this.seed = seed;
    this.seedGenerator = new SeedGenerator(seed);
  }

  @Override
  public Dropout name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public Dropout inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  public double rate() {
    return rate;
  }

  @Override
  protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    boolean training = ctx.training();
    if (!training || rate == 0) {
      return x;
    }
    if (rate == 1) {
      return tf.zerosLike(x);
    }
    Operand<TFloat32> u = tf.random.statelessRandomUniform(tf.shape(x), seedGenerator.next(ctx));
    // The mask drawn in float32 whatever x's dtype (the same mask as in a float32 model), then x's dtype.
    Operand<TFloat32> keep = DTypes.cast(tf, tf.math.greaterEqual(u, tf.constant((float) rate)), DTypes.dtypeOf(x));
    return tf.math.mul(tf.math.mul(x, DTypes.constantLike(tf, 1.0 / (1.0 - rate), x)), keep);
  }

  /** Computes in any float dtype (mixed precision): the mask and the scale in the input's dtype. */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    return inputShape;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("rate", rate);
    c.put("seed", seed);
    c.put("noise_shape", null);
    return c;
  }

  /** Keras's {@code from_config}; {@code noise_shape} is not implemented. */
  public static Dropout fromConfig(Map<String, Object> config) {
    Config c = Config.of("Dropout", config);
    c.requireDefault("noise_shape", null);
    return withBaseConfig(new Dropout(c.getDouble("rate"), c.getLongOrNull("seed")), c);
  }
}
