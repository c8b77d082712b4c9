package org.jkeras.layers.preprocessing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.DTypes;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code MixUp(alpha=0.2, seed=None)}: in training, each image becomes {@code w x + (1 -
 * w) x'}, where {@code x'} is the image at its place in a random permutation of the batch and
 * {@code w ~ Beta(alpha, alpha)} per image; {@link #transformLabels} mixes the labels with the
 * same weights and permutation. The identity at inference.
 *
 * <p>Transformation: (batch, 2), {@code [w, index of x' in the batch]}.
 */
public class MixUp extends BaseImagePreprocessingLayer {
  private final double alpha;

  public MixUp() {
    this(0.2);
  }

  public MixUp(double alpha) {
    if (!(alpha > 0)) {
      throw new IllegalArgumentException("The `alpha` argument should be a positive number. Received: alpha=" + alpha);
    }
    this.alpha = alpha;
  }

  public double alpha() {
    return alpha;
  }

  @Override
  public MixUp seed(Long seed) {
    super.seed(seed);
    return this;
  }

  @Override
  public MixUp name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public MixUp inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public Operand<TFloat32> getRandomTransformation(CallContext ctx, Operand<TFloat32> images) {
    Ops tf = ctx.tf();
    Operand<TFloat32> order = Draws.permutation(tf, images, nextSeed(ctx, 0));
    Operand<TFloat32> w = Draws.beta(tf, tf.concat(List.of(batchSize(tf, images), tf.constant(new int[] {1})),
        tf.constant(0)), tf.constant((float) alpha), nextSeed(ctx, 1), nextSeed(ctx, 2));
    return ImageMath.concat(tf, List.of(w, order));
  }

  @Override
  public Operand<TFloat32> transformImages(Ops tf, Operand<TFloat32> images, Operand<TFloat32> transformation) {
    // Keras casts the mix weight to the compute dtype and mixes in it.
    Operand<TFloat32> w = like(tf, perImage(tf, transformation, 0), images);
    Operand<TFloat32> other = ImageMath.permuted(tf, images, transformation, 1);
    return tf.math.add(tf.math.mul(w, images), tf.math.mul(tf.math.sub(DTypes.constantLike(tf, 1, w), w), other));
  }

  /** Keras's {@code transform_labels}: {@code w y + (1 - w) y'} for labels shaped (batch, classes). */
  @Override
  public Operand<TFloat32> transformLabels(Ops tf, Operand<TFloat32> labels, Operand<TFloat32> transformation) {
    Operand<TFloat32> w = BaseAffineImageLayer.column(tf, transformation, 0);
    Operand<TFloat32> other = ImageMath.permuted(tf, labels, transformation, 1);
    return tf.math.add(tf.math.mul(w, labels), tf.math.mul(tf.math.sub(tf.constant(1f), w), other));
  }

  /** Computes in bfloat16 and float16 as Keras's layer does (parity {@code keras_augmentation_layers}, mixed_bfloat16). */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("alpha", alpha);
    c.put("seed", seed());
    return c;
  }

  /** Keras's {@code from_config}. */
  public static MixUp fromConfig(Map<String, Object> config) {
    Config c = Config.of("MixUp", config);
    return withImageConfig(new MixUp(c.getDouble("alpha", 0.2)), c);
  }
}
