package org.jkeras.layers.preprocessing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.DTypes;
import org.jkeras.backend.Shapes;
import org.jkeras.layers.Layer;
import org.jkeras.random.SeedGenerator;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Keras's {@code BaseImagePreprocessingLayer}: an image layer that draws a random transformation
 * per call in training ({@link #getRandomTransformation}) and applies it ({@link
 * #transformImages}); at inference it is the identity ({@link #inference} says otherwise where
 * Keras does). Inputs are one image (height, width, channels) or a batch, channels last.
 *
 * <p>Under a mixed dtype policy the images arrive in the compute dtype (bfloat16 or float16) and
 * the layers that say so ({@link #supportsComputeDtype}) transform them in it with Keras's casts:
 * the same TF ops on the same dtypes, so the same roundings; the output is in the compute dtype.
 *
 * <p>Randomness comes from the layer's {@link SeedGenerator}, which mixes the trainer's step
 * counter into a stateless seed: new draws every training step, the same draws for the same seed
 * run after run.
 */
public abstract class BaseImagePreprocessingLayer extends Layer {
  private Long seed;
  private SeedGenerator generator;

  protected BaseImagePreprocessingLayer() {}

  /** Keras's {@code seed=}; null (the default) draws one from the global seed. */
  public BaseImagePreprocessingLayer seed(Long seed) {
    this.seed = seed;
    this.generator = null;
    return this;
  }

  public Long seed() {
    return seed;
  }

  protected SeedGenerator generator() {
    if (generator == null) {
      generator = new SeedGenerator(seed);
    }
    return generator;
  }

  /** A stateless seed for this layer's {@code k}-th draw in the graph being built. */
  protected Operand<TInt64> nextSeed(CallContext ctx, long k) {
    return generator().next(ctx, k);
  }

  @Override
  protected void validateInputShape(Shape inputShape) {
    checkRank(inputShape);
  }

  void checkRank(Shape s) {
    if (s.isUnknown() || (s.numDimensions() != 3 && s.numDimensions() != 4)) {
      throw new IllegalArgumentException(
          "Expected image tensor to have rank 3 (single image) or 4 (batch of images). Received: data.shape="
              + Shapes.format(s));
    }
  }

  @Override
  protected final Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    boolean training = ctx.training();
    checkRank(x.shape());
    boolean single = x.shape().numDimensions() == 3;
    Operand<TFloat32> images = single ? tf.expandDims(x, tf.constant(0)) : x;
    Operand<TFloat32> y;
    if (training) {
      y = transformImages(tf, images, getRandomTransformation(ctx, images));
    } else {
      y = inference(tf, images);
      if (y == images) {
        return x;
      }
    }
    if (castsOutputToComputeDtype()) {
      y = DTypes.cast(tf, y, DTypes.dtypeOf(x)); // a resize may have upcast (Keras casts back to the compute dtype)
    }
    return single ? tf.squeeze(y, Squeeze.axis(List.of(0L))) : y;
  }

  /**
   * True (the default) when the output is cast back to the images' dtype after a transformation
   * that upcast it (a resize gives float32), as Keras's layers do; {@link CenterCrop}'s resize does
   * not cast back in Keras.
   */
  protected boolean castsOutputToComputeDtype() {
    return true;
  }

  /**
   * {@code x} (a transformation's column, a constant) in the dtype of {@code images}: under a mixed
   * policy the images are in the compute dtype (bfloat16, float16), and Keras casts what it
   * combines with them to it.
   */
  protected static Operand<TFloat32> like(Ops tf, Operand<TFloat32> x, Operand<TFloat32> images) {
    return DTypes.cast(tf, x, DTypes.dtypeOf(images));
  }

  /**
   * Keras's {@code get_random_transformation} in training: the parameters this layer draws for
   * {@code images} (batch, height, width, channels), as a float32 tensor with one row per image
   * (one row for the whole batch where Keras draws once per batch).
   */
  public abstract Operand<TFloat32> getRandomTransformation(CallContext ctx, Operand<TFloat32> images);

  /** Keras's {@code transform_images(images, transformation, training=True)} on a batch. */
  public abstract Operand<TFloat32> transformImages(Ops tf, Operand<TFloat32> images, Operand<TFloat32> transformation);

  /**
   * Keras's {@code transform_labels(labels, transformation, training=True)}: the labels that go
   * with the transformed images; unchanged, but where the layer mixes images ({@link MixUp},
   * {@link CutMix}). A layer in a model sees only the images: call this on the batch's labels with
   * the transformation that was applied to its images.
   */
  public Operand<TFloat32> transformLabels(Ops tf, Operand<TFloat32> labels, Operand<TFloat32> transformation) {
    return labels;
  }

  /** The batch at inference ({@code training=false}): unchanged, as Keras's random layers. */
  protected Operand<TFloat32> inference(Ops tf, Operand<TFloat32> images) {
    return images;
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    return inputShape;
  }

  // ---------------------------------------------------------------- helpers for subclasses

  /**
   * Uniform draws in [lower, upper), shaped (batch, columns). No gradient flows into them (TF has
   * none for the draw; Keras's are constants to autodiff), so the layer can follow a trained one.
   */
  protected static Operand<TFloat32> uniform(Ops tf, Operand<TFloat32> images, int columns, double lower, double upper,
      Operand<TInt64> seed) {
    Operand<TInt32> shape = tf.concat(List.of(batchSize(tf, images), tf.constant(new int[] {columns})), tf.constant(0));
    Operand<TFloat32> u = tf.stopGradient(tf.random.statelessRandomUniform(shape, seed));
    return tf.math.add(tf.math.mul(u, tf.constant((float) (upper - lower))), tf.constant((float) lower));
  }

  protected static Operand<TInt32> batchSize(Ops tf, Operand<TFloat32> images) {
    long n = images.shape().get(0);
    if (n >= 0) {
      return tf.constant(new int[] {(int) n});
    }
    return tf.slice(tf.shape(images), tf.constant(new int[] {0}), tf.constant(new int[] {1}));
  }

  /** One column of a (batch, k) transformation, shaped (batch, 1, 1, 1) to broadcast over images. */
  protected static Operand<TFloat32> perImage(Ops tf, Operand<TFloat32> transformation, int column) {
    Operand<TFloat32> c = tf.slice(transformation, tf.constant(new int[] {0, column}), tf.constant(new int[] {-1, 1}));
    return tf.reshape(c, tf.constant(new int[] {-1, 1, 1, 1}));
  }

  /**
   * Keras's base {@code _set_factor}: a number {@code f} gives {@code (max(-|f|, lowerBound),
   * |f|)}; a pair is sorted; values outside {@code [lowerBound, upperBound]} are rejected.
   */
  protected static double[] factor(double[] factor, double lowerBound, double upperBound) {
    String msg = "The `factor` argument should be a number (or a list of two numbers) in the range [" + fmt(lowerBound)
        + ", " + fmt(upperBound) + "]. Received: factor=" + format(factor);
    if (factor == null || (factor.length != 1 && factor.length != 2)) {
      throw new IllegalArgumentException(msg);
    }
    for (double f : factor) {
      if (!Double.isFinite(f)) {
        throw new IllegalArgumentException(msg);
      }
    }
    if (factor.length == 2) {
      if (factor[0] > upperBound || factor[1] < lowerBound) {
        throw new IllegalArgumentException(msg);
      }
      return new double[] {Math.min(factor[0], factor[1]), Math.max(factor[0], factor[1])};
    }
    if (factor[0] < lowerBound || factor[0] > upperBound) {
      throw new IllegalArgumentException(msg);
    }
    double f = Math.abs(factor[0]);
    return new double[] {Math.max(-f, lowerBound), f};
  }

  static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  static String format(double[] v) {
    if (v == null) {
      return "None";
    }
    if (v.length == 1) {
      return Double.toString(v[0]);
    }
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < v.length; i++) {
      sb.append(i > 0 ? ", " : "").append(v[i]);
    }
    return sb.append(")").toString();
  }

  static List<Object> pair(double[] v) {
    return List.of(v[0], v[1]);
  }

  /** Keras's {@code BaseImagePreprocessingLayer.call(data, training=True)}. */
  @Override
  public Boolean callTrainingDefault() {
    return true;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("data_format", "channels_last");
    return c;
  }

  /** For a subclass's {@code fromConfig}: {@code seed} and the base layer's arguments; images are channels last. */
  protected static <L extends BaseImagePreprocessingLayer> L withImageConfig(L layer, Config config) {
    config.requireDefault("data_format", "channels_last");
    layer.seed(config.getLongOrNull("seed"));
    return withBaseConfig(layer, config);
  }

  /** One number or two of a config (a factor, a value range), as written; an error otherwise. */
  static double[] numbersOf(Config config, String key) {
    double[] v = config.getDoublesOrNull(key);
    if (v == null || v.length == 0 || v.length > 2) {
      throw new IllegalArgumentException("The `" + key + "` argument should be a number or a list of two numbers."
          + " Received: " + key + "=" + config.get(key));
    }
    return v;
  }

  /** Keras's {@code value_range} of a config ({@code (0, 255)} when absent), as the two numbers it must be. */
  static double[] valueRangeOf(Config config) {
    if (!config.has("value_range")) {
      return new double[] {0, 255};
    }
    double[] v = numbersOf(config, "value_range");
    if (v.length != 2) {
      throw new IllegalArgumentException("The `value_range` argument should be a list of two numbers. Received: value_range="
          + config.get("value_range"));
    }
    return v;
  }
}
