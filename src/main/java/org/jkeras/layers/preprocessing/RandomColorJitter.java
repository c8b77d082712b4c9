package org.jkeras.layers.preprocessing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code RandomColorJitter(value_range=(0, 255), brightness_factor=None,
 * contrast_factor=None, saturation_factor=None, hue_factor=None, seed=None)}: in training, the
 * given ones of {@link RandomBrightness}, {@link RandomContrast}, {@link RandomSaturation} and
 * {@link RandomHue} (each with its factor and {@code value_range}), in that order, each with its
 * own per-image draw; the identity at inference.
 *
 * <p>Transformation: (batch, n), the n given layers' transformations side by side in that order.
 */
public class RandomColorJitter extends BaseImagePreprocessingLayer {
  private double[] valueRange = {0, 255};
  private double[] brightnessFactor;
  private double[] contrastFactor;
  private double[] saturationFactor;
  private double[] hueFactor;
  private List<BaseImagePreprocessingLayer> parts;

  public RandomColorJitter() {}

  public RandomColorJitter valueRange(double low, double high) {
    this.valueRange = ValueRange.check(low, high);
    return reset();
  }

  /** {@link RandomBrightness}'s factor: one number or a pair. */
  public RandomColorJitter brightnessFactor(double... factor) {
    this.brightnessFactor = checked(factor, -1, 1);
    return reset();
  }

  /** {@link RandomContrast}'s factor: one number or a pair. */
  public RandomColorJitter contrastFactor(double... factor) {
    this.contrastFactor = checked(factor, 0, 1);
    return reset();
  }

  /** {@link RandomSaturation}'s factor: one number or a pair. */
  public RandomColorJitter saturationFactor(double... factor) {
    this.saturationFactor = checked(factor, -1, 1);
    return reset();
  }

  /** {@link RandomHue}'s factor: one number or a pair. */
  public RandomColorJitter hueFactor(double... factor) {
    this.hueFactor = checked(factor, 0, 1);
    return reset();
  }

  private static double[] checked(double[] f, double lo, double hi) {
    if (f == null) {
      return null;
    }
    factor(f, lo, hi);
    return f.clone();
  }

  private RandomColorJitter reset() {
    parts = null;
    return this;
  }

  public double[] valueRange() {
    return valueRange.clone();
  }

  @Override
  public RandomColorJitter seed(Long seed) {
    super.seed(seed);
    return reset();
  }

  @Override
  public RandomColorJitter name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public RandomColorJitter inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  private List<BaseImagePreprocessingLayer> parts() {
    if (parts == null) {
      List<BaseImagePreprocessingLayer> p = new ArrayList<>();
      double v0 = valueRange[0];
      double v1 = valueRange[1];
      if (brightnessFactor != null) {
        p.add(brightnessFactor.length == 1 ? new RandomBrightness(brightnessFactor[0]).valueRange(v0, v1)
            : new RandomBrightness(brightnessFactor[0], brightnessFactor[1]).valueRange(v0, v1));
      }
      if (contrastFactor != null) {
        p.add(contrastFactor.length == 1 ? new RandomContrast(contrastFactor[0]).valueRange(v0, v1)
            : new RandomContrast(contrastFactor[0], contrastFactor[1]).valueRange(v0, v1));
      }
      if (saturationFactor != null) {
        p.add(saturationFactor.length == 1 ? new RandomSaturation(saturationFactor[0]).valueRange(v0, v1)
            : new RandomSaturation(saturationFactor[0], saturationFactor[1]).valueRange(v0, v1));
      }
      if (hueFactor != null) {
        p.add(hueFactor.length == 1 ? new RandomHue(hueFactor[0]).valueRange(v0, v1)
            : new RandomHue(hueFactor[0], hueFactor[1]).valueRange(v0, v1));
      }
      long base = generator().seed() * 1_000_003L + 1;
      for (int i = 0; i < p.size(); i++) {
        p.get(i).seed(base + i);
      }
      parts = p;
    }
    return parts;
  }

  @Override
  public Operand<TFloat32> getRandomTransformation(CallContext ctx, Operand<TFloat32> images) {
    List<Operand<TFloat32>> t = new ArrayList<>();
    for (BaseImagePreprocessingLayer p : parts()) {
      t.add(p.getRandomTransformation(ctx, images));
    }
    return t.isEmpty() ? ImageMath.none(ctx.tf(), images) : ImageMath.concat(ctx.tf(), t);
  }

  @Override
  public Operand<TFloat32> transformImages(Ops tf, Operand<TFloat32> images, Operand<TFloat32> transformation) {
    List<BaseImagePreprocessingLayer> p = parts();
    for (int i = 0; i < p.size(); i++) {
      images = p.get(i).transformImages(tf, images, BaseAffineImageLayer.column(tf, transformation, i));
    }
    return images;
  }

  private static Object factorConfig(double[] f) {
    return f == null ? null : f.length == 1 ? (Object) f[0] : pair(f);
  }

  /**
   * Computes in bfloat16 and float16 as Keras's layer does, its four parts in the images' dtype (parity
   * {@code keras_augmentation_layers}, mixed_bfloat16).
   */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("value_range", pair(valueRange));
    c.put("brightness_factor", factorConfig(brightnessFactor));
    c.put("contrast_factor", factorConfig(contrastFactor));
    c.put("saturation_factor", factorConfig(saturationFactor));
    c.put("hue_factor", factorConfig(hueFactor));
    c.put("seed", seed());
    return c;
  }

  private static double[] numbersOrNull(Config c, String key) {
    return c.get(key) == null ? null : numbersOf(c, key);
  }

  /** Keras's {@code from_config}. */
  public static RandomColorJitter fromConfig(Map<String, Object> config) {
    Config c = Config.of("RandomColorJitter", config);
    RandomColorJitter layer = new RandomColorJitter().brightnessFactor(numbersOrNull(c, "brightness_factor"))
        .contrastFactor(numbersOrNull(c, "contrast_factor")).saturationFactor(numbersOrNull(c, "saturation_factor"))
        .hueFactor(numbersOrNull(c, "hue_factor"));
    double[] range = valueRangeOf(c);
    return withImageConfig(layer.valueRange(range[0], range[1]), c);
  }
}
