package org.jkeras.layers.preprocessing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.preprocessing.image.ImageOps;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code RandAugment(value_range=(0, 255), num_ops=2, factor=0.5,
 * interpolation="bilinear", seed=None)}: in training, {@code num_ops} operations drawn uniformly
 * (with repetition) from {@link AugmentationOps}'s eleven, applied one after the other, the same
 * operations for the whole batch and each with its own per-image draw; the identity at inference.
 *
 * <p>{@code factor} in [0, 1], one number {@code f} meaning {@code (0, f)}: every operation's
 * strength range. Transformation: (batch, num_ops + 12): the operations' indices in Keras's order
 * (shear, translation, rotation, brightness, colour degeneration, contrast, sharpness,
 * posterization, solarization, auto contrast, equalization), the same on every row, then the
 * operations' transformations side by side in that order.
 */
public class RandAugment extends BaseImagePreprocessingLayer {
  static final List<String> OPS = List.of("random_shear", "random_translation", "random_rotation",
      "random_brightness", "random_color_degeneration", "random_contrast", "random_sharpness",
      "random_posterization", "solarization", "auto_contrast", "equalization");

  private double[] valueRange = {0, 255};
  private int numOps = 2;
  private double[] factor = {0, 0.5};
  private String interpolation = "bilinear";
  private AugmentationOps ops;

  public RandAugment() {}

  public RandAugment valueRange(double low, double high) {
    this.valueRange = ValueRange.check(low, high);
    this.ops = null;
    return this;
  }

  /** Keras's {@code num_ops}: how many operations each batch goes through. */
  public RandAugment numOps(int numOps) {
    if (numOps < 0) {
      throw new IllegalArgumentException("The `num_ops` argument should be a non-negative integer. Received: num_ops="
          + numOps);
    }
    this.numOps = numOps;
    return this;
  }

  /** Keras's {@code factor}: one number {@code f} in [0, 1] meaning {@code (0, f)}, or a pair. */
  public RandAugment factor(double... factor) {
    this.factor = factor(factor, 0, 1);
    this.ops = null;
    return this;
  }

  public RandAugment interpolation(String interpolation) {
    if (!ImageOps.AFFINE_INTERPOLATIONS.contains(interpolation)) {
      throw new IllegalArgumentException(
          "Unknown `interpolation` " + interpolation + ". Expected of one " + ImageOps.AFFINE_INTERPOLATIONS + ".");
    }
    this.interpolation = interpolation;
    this.ops = null;
    return this;
  }

  public double[] valueRange() {
    return valueRange.clone();
  }

  public int numOps() {
    return numOps;
  }

  public double[] factor() {
    return factor.clone();
  }

  public String interpolation() {
    return interpolation;
  }

  @Override
  public RandAugment seed(Long seed) {
    super.seed(seed);
    this.ops = null;
    return this;
  }

  @Override
  public RandAugment name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public RandAugment inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  private AugmentationOps ops() {
    if (ops == null) {
      ops = new AugmentationOps(OPS, factor, valueRange, interpolation, generator().seed() * 1_000_003L + 1);
    }
    return ops;
  }

  @Override
  public Operand<TFloat32> getRandomTransformation(CallContext ctx, Operand<TFloat32> images) {
    Ops tf = ctx.tf();
    Operand<TFloat32> chosen = Draws.everyRow(tf, images, Draws.integers(tf, numOps, OPS.size(), nextSeed(ctx, 0)));
    return ImageMath.concat(tf, List.of(chosen, ops().transformation(ctx, images)));
  }

  @Override
  public Operand<TFloat32> transformImages(Ops tf, Operand<TFloat32> images, Operand<TFloat32> transformation) {
    for (int i = 0; i < numOps; i++) {
      images = ops().applyChosen(tf, images, BaseAffineImageLayer.column(tf, transformation, i), transformation, numOps);
    }
    return images;
  }

  /**
   * Computes in bfloat16 and float16 as Keras's layer does, its operations in the images' dtype
   * (parity {@code keras_augmentation_layers}, mixed_bfloat16).
   */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("value_range", pair(valueRange));
    c.put("num_ops", numOps);
    c.put("factor", pair(factor));
    c.put("interpolation", interpolation);
    c.put("seed", seed());
    return c;
  }

  /** Keras's {@code from_config}. */
  public static RandAugment fromConfig(Map<String, Object> config) {
    Config c = Config.of("RandAugment", config);
    RandAugment layer = new RandAugment().numOps(c.getInt("num_ops", 2))
        .interpolation(c.getString("interpolation", "bilinear"));
    if (c.has("factor")) {
      layer.factor(numbersOf(c, "factor"));
    }
    double[] range = valueRangeOf(c);
    return withImageConfig(layer.valueRange(range[0], range[1]), c);
  }
}
