package org.jkeras.layers.preprocessing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.preprocessing.image.ImageOps;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code RandomPerspective(factor=1.0, scale=1.0, interpolation="bilinear",
 * fill_value=0.0, seed=None)}: in training, each image is warped, with a probability drawn from
 * {@code U[lower, upper]}, by the homography that takes its four corners {@code p} to {@code p +
 * p * d}, {@code d ~ U[-scale / 2, scale / 2]} per coordinate (so the top-left corner never moves,
 * as in Keras); outside points get {@code fill_value}. The identity at inference.
 *
 * <p>Transformation: (batch, 9), {@code [apply, x1', y1', x2', y2', x3', y3', x4', y4']}: the
 * moved corners, in Keras's order top-left, top-right, bottom-left, bottom-right.
 */
public class RandomPerspective extends BaseImagePreprocessingLayer {
  private double[] factor = {0, 1};
  private double scale = 1.0;
  private String interpolation = "bilinear";
  private double fillValue = 0.0;

  public RandomPerspective() {}

  public RandomPerspective(double factor) {
    this.factor = factor(new double[] {factor}, 0, 1);
  }

  public RandomPerspective(double lower, double upper) {
    this.factor = factor(new double[] {lower, upper}, 0, 1);
  }

  /** Keras's {@code scale} in [0, 1]: how far the corners may move, as a fraction of their coordinates. */
  public RandomPerspective scale(double scale) {
    if (!(scale >= 0 && scale <= 1)) {
      throw new IllegalArgumentException(
          "The `scale` argument should be a number in the range [0,1]. Received: scale=" + scale);
    }
    this.scale = scale;
    return this;
  }

  public RandomPerspective interpolation(String interpolation) {
    if (!ImageOps.AFFINE_INTERPOLATIONS.contains(interpolation)) {
      throw new IllegalArgumentException(
          "Unknown `interpolation` " + interpolation + ". Expected of one " + ImageOps.AFFINE_INTERPOLATIONS + ".");
    }
    this.interpolation = interpolation;
    return this;
  }

  public RandomPerspective fillValue(double fillValue) {
    this.fillValue = fillValue;
    return this;
  }

  public double[] factor() {
    return factor.clone();
  }

  public double scale() {
    return scale;
  }

  public String interpolation() {
    return interpolation;
  }

  public double fillValue() {
    return fillValue;
  }

  @Override
  public RandomPerspective seed(Long seed) {
    super.seed(seed);
    return this;
  }

  @Override
  public RandomPerspective name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public RandomPerspective inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  private static float[] corners(int h, int w) {
    return new float[] {0, 0, w - 1, 0, 0, h - 1, w - 1, h - 1};
  }

  @Override
  public Operand<TFloat32> getRandomTransformation(CallContext ctx, Operand<TFloat32> images) {
    Ops tf = ctx.tf();
    int[] hw = ImageMath.size(images, name());
    Operand<TFloat32> apply = Draws.coin(tf, images, factor, nextSeed(ctx, 0), nextSeed(ctx, 1));
    Operand<TFloat32> d = uniform(tf, images, 8, -0.5 * scale, 0.5 * scale, nextSeed(ctx, 2));
    Operand<TFloat32> start = tf.constant(new float[][] {corners(hw[0], hw[1])});
    Operand<TFloat32> end = tf.math.add(start, tf.math.mul(start, d));
    return ImageMath.concat(tf, List.of(apply, end));
  }

  @Override
  public Operand<TFloat32> transformImages(Ops tf, Operand<TFloat32> images, Operand<TFloat32> transformation) {
    int[] hw = ImageMath.size(images, name());
    Operand<TFloat32> warped = ImageOps.affineTransform(tf, images, homography(tf, hw, transformation), hw[0], hw[1],
        interpolation, "constant", (float) fillValue);
    return ImageMath.where(tf, ImageMath.flag(tf, transformation, 0), warped, images);
  }

  /**
   * Keras's {@code compute_homography_matrix}: the 8 coefficients (output to input) solving, for
   * each corner, {@code start = H(end)}, as the linear system Keras builds and {@code
   * tf.linalg.solve} solves; (batch, 8).
   */
  private static Operand<TFloat32> homography(Ops tf, int[] hw, Operand<TFloat32> transformation) {
    float[] s = corners(hw[0], hw[1]);
    List<Operand<TFloat32>> rowsOfA = new ArrayList<>();
    List<Operand<TFloat32>> target = new ArrayList<>();
    for (int p = 0; p < 4; p++) {
      Operand<TFloat32> ex = BaseAffineImageLayer.column(tf, transformation, 1 + 2 * p);
      Operand<TFloat32> ey = BaseAffineImageLayer.column(tf, transformation, 2 + 2 * p);
      Operand<TFloat32> one = ImageMath.ones(tf, ex);
      Operand<TFloat32> zero = tf.zerosLike(ex);
      Operand<TFloat32> sx = tf.constant(-s[2 * p]);
      Operand<TFloat32> sy = tf.constant(-s[2 * p + 1]);
      rowsOfA.add(ImageMath.concat(tf, List.of(ex, ey, one, zero, zero, zero, tf.math.mul(sx, ex), tf.math.mul(sx, ey))));
      rowsOfA.add(ImageMath.concat(tf, List.of(zero, zero, zero, ex, ey, one, tf.math.mul(sy, ex), tf.math.mul(sy, ey))));
      target.add(tf.math.add(zero, tf.constant(s[2 * p])));
      target.add(tf.math.add(zero, tf.constant(s[2 * p + 1])));
    }
    Operand<TFloat32> a = tf.stack(rowsOfA, Stack.axis(1L));
    Operand<TFloat32> b = tf.expandDims(ImageMath.concat(tf, target), tf.constant(-1));
    return tf.reshape(tf.linalg.solve(a, b), tf.constant(new int[] {-1, 8}));
  }

  /** Computes in bfloat16 and float16 as Keras's layer does (parity {@code keras_augmentation_layers}, mixed_bfloat16). */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("factor", pair(factor));
    c.put("scale", scale);
    c.put("interpolation", interpolation);
    c.put("fill_value", fillValue);
    c.put("seed", seed());
    return c;
  }

  /** Keras's {@code from_config}. */
  public static RandomPerspective fromConfig(Map<String, Object> config) {
    Config c = Config.of("RandomPerspective", config);
    double[] f = c.has("factor") ? numbersOf(c, "factor") : new double[] {1.0};
    RandomPerspective layer = f.length == 1 ? new RandomPerspective(f[0]) : new RandomPerspective(f[0], f[1]);
    layer.scale(c.getDouble("scale", 1.0)).interpolation(c.getString("interpolation", "bilinear"))
        .fillValue(c.getDouble("fill_value", 0.0));
    return withImageConfig(layer, c);
  }

  /** False, as Keras's {@code supports_jit} for this layer. */
  @Override
  public boolean supportsJit() {
    return false;
  }
}
