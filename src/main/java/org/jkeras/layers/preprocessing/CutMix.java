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
 * Keras's {@code CutMix(factor=1.0, seed=None)}: in training, each image gets a rectangle pasted
 * from the image at its place in a random permutation of the batch. As Keras draws it: {@code a ~
 * U[lower, upper] + 1e-6} once for the batch, {@code lam ~ Beta(a, a)} per image, sides {@code
 * sqrt(1 - lam)} of the width and height, placed uniformly inside the image; {@link
 * #transformLabels} mixes the labels by the area kept, {@code w = 1 - box area / image area}. The
 * identity at inference.
 *
 * <p>Transformation: (batch, 6), {@code [index of the other image, x0, x1, y0, y1, w]}, the
 * rectangle holding the pixels with {@code x0 <= x < x1} and {@code y0 <= y < y1}.
 */
public class CutMix extends BaseImagePreprocessingLayer {
  private final double[] factor;

  public CutMix() {
    this(1.0);
  }

  public CutMix(double factor) {
    this.factor = factor(new double[] {factor}, 0, 1);
  }

  public CutMix(double lower, double upper) {
    this.factor = factor(new double[] {lower, upper}, 0, 1);
  }

  public double[] factor() {
    return factor.clone();
  }

  @Override
  public CutMix seed(Long seed) {
    super.seed(seed);
    return this;
  }

  @Override
  public CutMix name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public CutMix inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public Operand<TFloat32> getRandomTransformation(CallContext ctx, Operand<TFloat32> images) {
    Ops tf = ctx.tf();
    int[] hw = ImageMath.size(images, name());
    Operand<TFloat32> a = tf.math.add(tf.reshape(Draws.uniformVector(tf, 1, factor[0], factor[1], nextSeed(ctx, 0)),
        tf.constant(new int[0])), tf.constant(1e-6f));
    Operand<TFloat32> lam = Draws.beta(tf, tf.concat(List.of(batchSize(tf, images), tf.constant(new int[] {1})),
        tf.constant(0)), a, nextSeed(ctx, 1), nextSeed(ctx, 2));
    Operand<TFloat32> ratio = tf.math.sqrt(tf.math.sub(tf.constant(1f), lam));
    List<Operand<TFloat32>> parts = new ArrayList<>();
    parts.add(Draws.permutation(tf, images, nextSeed(ctx, 3)));
    List<Operand<TFloat32>> xs = RandomErasing.span(tf, images, ratio, hw[1], nextSeed(ctx, 4));
    List<Operand<TFloat32>> ys = RandomErasing.span(tf, images, ratio, hw[0], nextSeed(ctx, 5));
    parts.addAll(xs);
    parts.addAll(ys);
    Operand<TFloat32> area = tf.math.mul(tf.math.sub(xs.get(1), xs.get(0)), tf.math.sub(ys.get(1), ys.get(0)));
    parts.add(tf.math.sub(tf.constant(1f), tf.math.div(area, tf.constant((float) hw[1] * hw[0]))));
    return ImageMath.concat(tf, parts);
  }

  @Override
  public Operand<TFloat32> transformImages(Ops tf, Operand<TFloat32> images, Operand<TFloat32> transformation) {
    int[] hw = ImageMath.size(images, name());
    Operand<TFloat32> other = ImageMath.permuted(tf, images, transformation, 0);
    return ImageMath.where(tf, ImageMath.box(tf, transformation, 1, hw[0], hw[1]), other, images);
  }

  /** Keras's {@code transform_labels}: {@code w y + (1 - w) y'} for labels shaped (batch, classes). */
  @Override
  public Operand<TFloat32> transformLabels(Ops tf, Operand<TFloat32> labels, Operand<TFloat32> transformation) {
    Operand<TFloat32> w = BaseAffineImageLayer.column(tf, transformation, 5);
    Operand<TFloat32> other = ImageMath.permuted(tf, labels, transformation, 0);
    return tf.math.add(tf.math.mul(w, labels), tf.math.mul(tf.math.sub(tf.constant(1f), w), other));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("factor", pair(factor));
    c.put("seed", seed());
    return c;
  }

  /** Keras's {@code from_config}. */
  public static CutMix fromConfig(Map<String, Object> config) {
    Config c = Config.of("CutMix", config);
    double[] f = c.has("factor") ? numbersOf(c, "factor") : new double[] {1.0};
    return withImageConfig(f.length == 1 ? new CutMix(f[0]) : new CutMix(f[0], f[1]), c);
  }
}
