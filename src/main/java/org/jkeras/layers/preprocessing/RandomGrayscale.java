package org.jkeras.layers.preprocessing;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code RandomGrayscale(factor=0.5, seed=None)}: in training, each image becomes its luma
 * ({@code 0.2989 r + 0.587 g + 0.114 b}, repeated on the three channels) with probability {@code
 * factor}; the identity at inference.
 *
 * <p>Transformation: (batch, 1), 1 where the image turns grey.
 */
public class RandomGrayscale extends BaseImagePreprocessingLayer {
  private final double factor;

  public RandomGrayscale() {
    this(0.5);
  }

  public RandomGrayscale(double factor) {
    if (!(factor >= 0 && factor <= 1)) {
      throw new IllegalArgumentException("`factor` should be between 0 and 1. Received: factor=" + factor);
    }
    this.factor = factor;
  }

  public double factor() {
    return factor;
  }

  @Override
  public RandomGrayscale seed(Long seed) {
    super.seed(seed);
    return this;
  }

  @Override
  public RandomGrayscale name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public RandomGrayscale inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public Operand<TFloat32> getRandomTransformation(CallContext ctx, Operand<TFloat32> images) {
    Ops tf = ctx.tf();
    Operand<TFloat32> u = uniform(tf, images, 1, 0, 1, nextSeed(ctx, 0));
    return tf.dtypes.cast(tf.math.less(u, tf.constant((float) factor)), TFloat32.class);
  }

  @Override
  public Operand<TFloat32> transformImages(Ops tf, Operand<TFloat32> images, Operand<TFloat32> transformation) {
    return ImageMath.where(tf, ImageMath.flag(tf, transformation, 0), ImageMath.grayscale(tf, images), images);
  }

  /** Computes in bfloat16 and float16 as Keras's layer does (parity {@code keras_augmentation_layers}, mixed_bfloat16). */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("factor", factor);
    // Keras 3.15's get_config leaves the seed out (a saved RandomGrayscale draws from a new seed); so does jkeras's.
    return c;
  }

  /** Keras's {@code from_config}. */
  public static RandomGrayscale fromConfig(Map<String, Object> config) {
    Config c = Config.of("RandomGrayscale", config);
    return withImageConfig(new RandomGrayscale(c.getDouble("factor", 0.5)), c);
  }
}
