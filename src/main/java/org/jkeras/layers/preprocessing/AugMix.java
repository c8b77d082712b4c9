package org.jkeras.layers.preprocessing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.DTypes;
import org.jkeras.preprocessing.image.ImageOps;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code AugMix(value_range=(0, 255), num_chains=3, chain_depth=3, factor=0.3,
 * alpha=1.0, all_ops=True, interpolation="bilinear", seed=None)}: in training, {@code num_chains}
 * chains of up to {@code chain_depth} operations of {@link AugmentationOps} (each step one of them
 * or none, uniformly) transform copies of the batch; the chains are mixed with Dirichlet(alpha)
 * weights, and the mix with the original by a Beta(alpha, alpha) weight {@code m}: {@code m x +
 * (1 - m) mix}, clipped to {@code value_range}. The identity at inference. {@code all_ops=false}
 * leaves out brightness, colour degeneration, contrast and sharpness.
 *
 * <p>Keras picks each chain's operations with Python's {@code random} when the graph is traced
 * (so a compiled Keras model repeats them every step); jkeras draws them in the graph, anew each
 * step. Transformation: (batch, C + 1 + C * D + C * D * W), C chains, D depth, W the width of the
 * operations' transformations: the chain weights, {@code m}, each step's operation index (the
 * number of operations meaning none), then each step's transformations of all the operations;
 * the same on every row but the operations' own per-image draws.
 */
public class AugMix extends BaseImagePreprocessingLayer {
  static final List<String> ALL_OPS = List.of("random_shear", "random_translation", "random_rotation",
      "random_posterization", "solarization", "auto_contrast", "equalization", "random_brightness",
      "random_color_degeneration", "random_contrast", "random_sharpness");

  private double[] valueRange = {0, 255};
  private int numChains = 3;
  private int chainDepth = 3;
  private double[] factor = {0, 0.3};
  private double alpha = 1.0;
  private boolean allOps = true;
  private String interpolation = "bilinear";
  private List<AugmentationOps> steps;

  public AugMix() {}

  public AugMix valueRange(double low, double high) {
    this.valueRange = ValueRange.check(low, high);
    this.steps = null;
    return this;
  }

  public AugMix numChains(int numChains) {
    this.numChains = positive(numChains, "num_chains");
    this.steps = null;
    return this;
  }

  public AugMix chainDepth(int chainDepth) {
    this.chainDepth = positive(chainDepth, "chain_depth");
    this.steps = null;
    return this;
  }

  private static int positive(int v, String name) {
    if (v < 1) {
      throw new IllegalArgumentException("The `" + name + "` argument should be a positive integer. Received: " + name
          + "=" + v);
    }
    return v;
  }

  /** Keras's {@code factor}: one number {@code f} in [0, 1] meaning {@code (0, f)}, or a pair. */
  public AugMix factor(double... factor) {
    this.factor = factor(factor, 0, 1);
    this.steps = null;
    return this;
  }

  public AugMix alpha(double alpha) {
    if (!(alpha > 0)) {
      throw new IllegalArgumentException("The `alpha` argument should be a positive number. Received: alpha=" + alpha);
    }
    this.alpha = alpha;
    return this;
  }

  public AugMix allOps(boolean allOps) {
    this.allOps = allOps;
    this.steps = null;
    return this;
  }

  public AugMix interpolation(String interpolation) {
    if (!ImageOps.AFFINE_INTERPOLATIONS.contains(interpolation)) {
      throw new IllegalArgumentException(
          "Unknown `interpolation` " + interpolation + ". Expected of one " + ImageOps.AFFINE_INTERPOLATIONS + ".");
    }
    this.interpolation = interpolation;
    this.steps = null;
    return this;
  }

  public double[] valueRange() {
    return valueRange.clone();
  }

  public int numChains() {
    return numChains;
  }

  public int chainDepth() {
    return chainDepth;
  }

  public double[] factor() {
    return factor.clone();
  }

  public double alpha() {
    return alpha;
  }

  public boolean allOps() {
    return allOps;
  }

  public String interpolation() {
    return interpolation;
  }

  @Override
  public AugMix seed(Long seed) {
    super.seed(seed);
    this.steps = null;
    return this;
  }

  @Override
  public AugMix name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public AugMix inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  /** Keras's operation list: all eleven, or the first seven with {@code all_ops=False}. */
  static List<String> ops(boolean allOps) {
    return allOps ? ALL_OPS : ALL_OPS.subList(0, 7);
  }

  /** One set of operations per chain step, each seeded apart so that every step draws its own parameters. */
  private List<AugmentationOps> steps() {
    if (steps == null) {
      steps = new ArrayList<>();
      long base = generator().seed() * 1_000_003L + 1;
      for (int i = 0; i < numChains * chainDepth; i++) {
        steps.add(new AugmentationOps(ops(allOps), factor, valueRange, interpolation, base + 100L * i));
      }
    }
    return steps;
  }

  @Override
  public Operand<TFloat32> getRandomTransformation(CallContext ctx, Operand<TFloat32> images) {
    Ops tf = ctx.tf();
    Operand<TFloat32> g = Draws.gamma(tf, tf.constant(new int[] {numChains}), tf.constant((float) alpha),
        nextSeed(ctx, 0));
    Operand<TFloat32> weights = tf.math.div(g, tf.sum(g, tf.constant(0)));
    Operand<TFloat32> m = Draws.beta(tf, tf.constant(new int[] {1}), tf.constant((float) alpha), nextSeed(ctx, 1),
        nextSeed(ctx, 2));
    int n = ops(allOps).size();
    Operand<TFloat32> chosen = Draws.integers(tf, numChains * chainDepth, n + 1, nextSeed(ctx, 3));
    List<Operand<TFloat32>> parts = new ArrayList<>();
    parts.add(Draws.everyRow(tf, images, weights));
    parts.add(Draws.everyRow(tf, images, m));
    parts.add(Draws.everyRow(tf, images, chosen));
    for (AugmentationOps step : steps()) {
      parts.add(step.transformation(ctx, images));
    }
    return ImageMath.concat(tf, parts);
  }

  @Override
  public Operand<TFloat32> transformImages(Ops tf, Operand<TFloat32> images, Operand<TFloat32> transformation) {
    int steps = numChains * chainDepth;
    int width = steps().get(0).width();
    Operand<TFloat32> mixed = tf.zerosLike(images);
    for (int c = 0; c < numChains; c++) {
      Operand<TFloat32> chain = images;
      for (int d = 0; d < chainDepth; d++) {
        int s = c * chainDepth + d;
        Operand<TFloat32> choice = BaseAffineImageLayer.column(tf, transformation, numChains + 1 + s);
        chain = steps().get(s).apply(tf, chain, choice, transformation, numChains + 1 + steps + s * width);
      }
      mixed = tf.math.add(mixed, tf.math.mul(chain, like(tf, perImage(tf, transformation, c), images)));
    }
    // Keras casts the mixing weights to the compute dtype and mixes in it.
    Operand<TFloat32> m = like(tf, perImage(tf, transformation, numChains), images);
    Operand<TFloat32> y = tf.math.add(tf.math.mul(m, images), tf.math.mul(tf.math.sub(DTypes.constantLike(tf, 1, m), m),
        mixed));
    return ImageMath.clip(tf, y, valueRange);
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
    c.put("num_chains", numChains);
    c.put("chain_depth", chainDepth);
    c.put("factor", pair(factor));
    c.put("alpha", alpha);
    c.put("all_ops", allOps);
    c.put("interpolation", interpolation);
    c.put("seed", seed());
    return c;
  }

  /** Keras's {@code from_config}. */
  public static AugMix fromConfig(Map<String, Object> config) {
    Config c = Config.of("AugMix", config);
    AugMix layer = new AugMix().numChains(c.getInt("num_chains", 3)).chainDepth(c.getInt("chain_depth", 3))
        .alpha(c.getDouble("alpha", 1.0)).allOps(c.getBoolean("all_ops", true))
        .interpolation(c.getString("interpolation", "bilinear"));
    if (c.has("factor")) {
      layer.factor(numbersOf(c, "factor"));
    }
    double[] range = valueRangeOf(c);
    return withImageConfig(layer.valueRange(range[0], range[1]), c);
  }
}
