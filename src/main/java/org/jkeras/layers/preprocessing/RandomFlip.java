package org.jkeras.layers.preprocessing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code RandomFlip(mode="horizontal_and_vertical", seed=None)}: in training, each image
 * is flipped with probability 1/2. One draw per image decides every axis of the mode, as Keras
 * 3: with {@code "horizontal_and_vertical"} an image is either left alone or flipped both ways.
 * The identity at inference.
 *
 * <p>Transformation: (batch, 1), 1 where the image is flipped.
 */
public class RandomFlip extends BaseImagePreprocessingLayer {
  public static final String HORIZONTAL = "horizontal";
  public static final String VERTICAL = "vertical";
  public static final String HORIZONTAL_AND_VERTICAL = "horizontal_and_vertical";

  private final String mode;

  public RandomFlip() {
    this(HORIZONTAL_AND_VERTICAL);
  }

  public RandomFlip(String mode) {
    if (!List.of(HORIZONTAL, VERTICAL, HORIZONTAL_AND_VERTICAL).contains(mode)) {
      throw new IllegalArgumentException(
          "RandomFlip layer " + "received an invalid mode argument: expected one of \"horizontal\", \"vertical\","
              + " \"horizontal_and_vertical\". Received: mode=" + mode);
    }
    this.mode = mode;
  }

  public String mode() {
    return mode;
  }

  @Override
  public RandomFlip seed(Long seed) {
    super.seed(seed);
    return this;
  }

  @Override
  public RandomFlip name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public RandomFlip inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public Operand<TFloat32> getRandomTransformation(CallContext ctx, Operand<TFloat32> images) {
    Ops tf = ctx.tf();
    Operand<TFloat32> u = uniform(tf, images, 1, 0, 1, nextSeed(ctx, 0));
    // Keras: flips = uniform(...) <= 0.5
    return tf.dtypes.cast(tf.math.lessEqual(u, tf.constant(0.5f)), TFloat32.class);
  }

  @Override
  public Operand<TFloat32> transformImages(Ops tf, Operand<TFloat32> images, Operand<TFloat32> transformation) {
    // (batch, 1, 1, 1): SelectV2 broadcasts the choice over each image's pixels.
    Operand<TBool> flip = tf.math.greater(tf.reshape(transformation, tf.constant(new int[] {-1, 1, 1, 1})), tf.constant(0.5f));
    Operand<TFloat32> y = images;
    if (!mode.equals(VERTICAL)) {
      y = tf.select(flip, tf.reverse(y, tf.constant(new int[] {2})), y);
    }
    if (!mode.equals(HORIZONTAL)) {
      y = tf.select(flip, tf.reverse(y, tf.constant(new int[] {1})), y);
    }
    return y;
  }

  /** Computes in bfloat16 and float16 as Keras's layer does (parity {@code keras_preprocessing_layers}, mixed_bfloat16). */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("seed", seed());
    c.put("mode", mode);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static RandomFlip fromConfig(Map<String, Object> config) {
    Config c = Config.of("RandomFlip", config);
    return withImageConfig(new RandomFlip(c.getString("mode", HORIZONTAL_AND_VERTICAL)), c);
  }
}
