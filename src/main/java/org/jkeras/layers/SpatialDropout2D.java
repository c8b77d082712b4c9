package org.jkeras.layers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.DTypes;
import org.jkeras.backend.Shapes;
import org.jkeras.random.SeedGenerator;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Keras's {@code SpatialDropout2D(rate, data_format=None, seed=None)}: Dropout that drops whole
 * feature maps. In training, each (sample, channel) map is zeroed with probability {@code rate}
 * and the kept ones are scaled by {@code 1 / (1 - rate)} (Keras's dropout with noise shape
 * (batch, 1, 1, channels)); the identity at inference. Seeded as {@link Dropout}: a fixed seed
 * gives the same maps run after run, and new ones each training step.
 *
 * <p>Its config is Keras's, which unlike other layers' has no {@code trainable} and a plain string
 * {@code dtype}.
 */
public class SpatialDropout2D extends Layer {
  private final double rate;
  private final Long seed;
  private final SeedGenerator seedGenerator;
  private String dataFormat = DataFormat.CHANNELS_LAST;

  public SpatialDropout2D(double rate) {
    this(rate, null);
  }

  public SpatialDropout2D(double rate, Long seed) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(
          "Invalid value received for argument `rate`. Expected a float value between 0 and 1. Received: rate=" + rate);
    }
    this.rate = rate;
    this.seed = seed;
    this.seedGenerator = new SeedGenerator(seed);
  }

  /** Keras's {@code data_format}: "channels_last" (default) or "channels_first". */
  public SpatialDropout2D dataFormat(String dataFormat) {
    this.dataFormat = DataFormat.check(dataFormat);
    return this;
  }

  @Override
  public SpatialDropout2D name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public SpatialDropout2D inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  public double rate() {
    return rate;
  }

  @Override
  protected void validateInputShape(Shape inputShape) {
    if (inputShape.numDimensions() != 4) {
      throw new IllegalArgumentException("Input 0 of layer \"" + name() + "\" is incompatible with the layer: expected"
          + " ndim=4, found ndim=" + inputShape.numDimensions() + ". Full shape received: " + Shapes.format(inputShape));
    }
  }

  @Override
  protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    if (!ctx.training() || rate == 0) {
      return x;
    }
    if (rate == 1) {
      return tf.zerosLike(x);
    }
    // The noise shape: (batch, 1, 1, channels), or (batch, channels, 1, 1) for channels first.
    Operand<TInt32> shape = tf.shape(x);
    int channels = DataFormat.CHANNELS_LAST.equals(dataFormat) ? 3 : 1;
    Operand<TInt32> one = tf.constant(new int[] {1});
    Operand<TInt32> batch = tf.slice(shape, tf.constant(new int[] {0}), one);
    Operand<TInt32> c = tf.slice(shape, tf.constant(new int[] {channels}), one);
    Operand<TInt32> noiseShape = tf.concat(channels == 3 ? List.of(batch, one, one, c) : List.of(batch, c, one, one),
        tf.constant(0));
    Operand<TFloat32> u = tf.random.statelessRandomUniform(noiseShape, seedGenerator.next(ctx));
    // The mask drawn in float32 whatever x's dtype (the same mask as in a float32 model), then x's dtype.
    Operand<TFloat32> keep = DTypes.cast(tf, tf.math.greaterEqual(u, tf.constant((float) rate)), DTypes.dtypeOf(x));
    return tf.math.mul(tf.math.mul(x, DTypes.constantLike(tf, 1.0 / (1.0 - rate), x)), keep);
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

  /** Keras's {@code SpatialDropout2D.call(inputs, training=False)}. */
  @Override
  public Boolean callTrainingDefault() {
    return false;
  }

  /** Computes in any float dtype (mixed precision), as {@link Dropout}: the mask and the scale in the input's dtype. */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("rate", rate);
    c.put("seed", seed);
    c.put("name", name());
    c.put("dtype", "float32");
    c.put("data_format", dataFormat);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static SpatialDropout2D fromConfig(Map<String, Object> config) {
    Config c = Config.of("SpatialDropout2D", config);
    SpatialDropout2D l = new SpatialDropout2D(c.getDouble("rate"), c.getLongOrNull("seed"));
    return withBaseConfig(l.dataFormat(c.getString("data_format", DataFormat.CHANNELS_LAST)), c);
  }
}
