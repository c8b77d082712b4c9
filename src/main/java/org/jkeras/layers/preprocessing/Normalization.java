package org.jkeras.layers.preprocessing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.DTypes;
import org.jkeras.backend.KerasVariable;
import org.jkeras.backend.Shapes;
import org.jkeras.initializers.Ones;
import org.jkeras.initializers.Zeros;
import org.jkeras.layers.Layer;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code Normalization(axis=-1, mean=None, variance=None, invert=False)}: {@code (x - mean)
 * / max(sqrt(variance), 1e-7)}, or with {@code invert} {@code mean + x * max(sqrt(variance),
 * 1e-7)}, one mean and variance per index of the kept {@code axis} (all values share one with
 * {@code axis()} empty, Keras's {@code axis=None}).
 *
 * <p>Given {@code meanAndVariance}, they are constants of the graph, as in Keras. Without them the
 * layer owns three non-trainable weights, {@code mean} (zeros), {@code variance} (ones) and {@code
 * count} (Keras's int64 scalar, a float here), which {@link #adapt} sets from data or a weights
 * file fills: EfficientNet's stem is such a layer, its ImageNet statistics read from Keras's file.
 */
public class Normalization extends Layer {
  /** Keras's {@code backend.epsilon()}. */
  private static final float EPSILON = 1e-7f;

  private int[] axis = {-1};
  private boolean invert;
  private double[] givenMean;
  private double[] givenVariance;
  private long[] givenShape;
  private int[] keepAxes;
  private long[] broadcastShape;
  private KerasVariable adaptMean;
  private KerasVariable adaptVariance;

  /** {@code Normalization()}: one mean and variance per index of the last axis. */
  public Normalization() {}

  /** Keras's {@code axis}: the axes kept (one statistic per index); none is Keras's {@code axis=None}. */
  public Normalization axis(int... axis) {
    this.axis = axis == null ? new int[0] : axis.clone();
    return this;
  }

  /** Keras's {@code mean} and {@code variance} as scalars. */
  public Normalization meanAndVariance(double mean, double variance) {
    return meanAndVariance(new double[] {mean}, new double[] {variance}, new long[0]);
  }

  /** Keras's {@code mean} and {@code variance} as vectors, for the last kept axis. */
  public Normalization meanAndVariance(double[] mean, double[] variance) {
    return meanAndVariance(mean, variance, new long[] {mean.length});
  }

  private Normalization meanAndVariance(double[] mean, double[] variance, long[] shape) {
    if (mean.length != variance.length) {
      throw new IllegalArgumentException("When setting values directly, `mean` and `variance` must have the same shape."
          + " Received: mean shape " + shapeText(shape) + " and variance shape (" + variance.length + ",)");
    }
    if (shape.length > axis.length) {
      throw new IllegalArgumentException("The rank of `mean` must be less than or equal to the number of axes ("
          + axis.length + "). Received: mean shape " + shapeText(shape) + " for axis " + Arrays.toString(axis));
    }
    this.givenMean = mean.clone();
    this.givenVariance = variance.clone();
    this.givenShape = shape.clone();
    return this;
  }

  /** Keras's {@code invert}: de-normalize, {@code mean + x * sqrt(variance)}. */
  public Normalization invert(boolean invert) {
    this.invert = invert;
    return this;
  }

  @Override
  public Normalization name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public Normalization inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  public int[] axis() {
    return axis.clone();
  }

  public boolean invert() {
    return invert;
  }

  @Override
  protected void validateInputShape(Shape inputShape) {
    int ndim = inputShape.numDimensions();
    for (int a : axis) {
      if (a < -ndim || a >= ndim) {
        throw new IllegalArgumentException("All `axis` values must be in the range [-ndim, ndim). Received inputs with ndim="
            + ndim + ", while axis=" + Arrays.toString(axis));
      }
      int d = a < 0 ? a + ndim : a;
      if (inputShape.get(d) < 0) {
        throw new IllegalArgumentException("All `axis` values to be kept must have a known shape. Received axis="
            + Arrays.toString(axis) + ", inputs.shape=" + Shapes.format(inputShape) + ", with unknown axis at index " + d);
      }
    }
  }

  @Override
  public void build(Shape inputShape) {
    int ndim = inputShape.numDimensions();
    keepAxes = Arrays.stream(axis).map(a -> a < 0 ? a + ndim : a).sorted().distinct().toArray();
    broadcastShape = new long[ndim];
    Arrays.fill(broadcastShape, 1);
    long[] statShape = new long[keepAxes.length];
    for (int i = 0; i < keepAxes.length; i++) {
      broadcastShape[keepAxes[i]] = inputShape.get(keepAxes[i]);
      statShape[i] = inputShape.get(keepAxes[i]);
    }
    if (givenMean == null) {
      adaptMean = addWeight("mean", Shape.of(statShape), new Zeros(), null, false);
      adaptVariance = addWeight("variance", Shape.of(statShape), new Ones(), null, false);
      addWeight("count", Shape.scalar(), new Zeros(), null, false);
    } else {
      long expected = givenShape.length == 0 ? 1 : givenShape[0];
      long have = givenShape.length == 0 ? 1 : statShape[statShape.length - 1];
      if (expected != have) {
        throw new IllegalArgumentException("Layer \"" + name() + "\": `mean` of shape " + shapeText(givenShape)
            + " does not broadcast to the kept axes " + shapeText(statShape) + " of inputs.shape=" + Shapes.format(inputShape));
      }
    }
  }

  @Override
  protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    Operand<TFloat32> mean;
    Operand<TFloat32> variance;
    if (givenMean == null) {
      // Keras reads its statistics into constants when adapted or loaded (finalize_state): no
      // gradient reaches them.
      mean = tf.stopGradient(tf.reshape(ctx.value(adaptMean), tf.constant(broadcastShape)));
      variance = tf.stopGradient(tf.reshape(ctx.value(adaptVariance), tf.constant(broadcastShape)));
    } else {
      long[] expanded = new long[broadcastShape.length];
      Arrays.fill(expanded, 1);
      if (givenShape.length == 1) {
        expanded[keepAxes[keepAxes.length - 1]] = givenShape[0];
      }
      mean = tf.constant(Shape.of(expanded), DataBuffers.of(toFloats(givenMean), true, false));
      variance = tf.constant(Shape.of(expanded), DataBuffers.of(toFloats(givenVariance), true, false));
    }
    // Keras: the statistics in the compute dtype (finalize_state casts them), the math in it too. In
    // Keras's graphs they are captured tensors, which Grappler does not fold into the division; as
    // constants here it would (another rounding in bfloat16): a PlaceholderWithDefault keeps them opaque.
    // (Then a StopGradient: TF has no gradient for PlaceholderWithDefault, and the statistics get none.)
    mean = tf.stopGradient(tf.placeholderWithDefault(DTypes.cast(tf, mean, DTypes.dtypeOf(x)), mean.shape()));
    variance = tf.stopGradient(tf.placeholderWithDefault(DTypes.cast(tf, variance, DTypes.dtypeOf(x)), variance.shape()));
    Operand<TFloat32> scale = tf.math.maximum(tf.math.sqrt(variance), DTypes.constantLike(tf, EPSILON, variance));
    return invert ? tf.math.add(mean, tf.math.mul(x, scale)) : tf.math.div(tf.math.sub(x, mean), scale);
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    return inputShape;
  }

  /** Computes in bfloat16 and float16 as Keras's layer does (parity {@code keras_preprocessing_layers}, mixed_bfloat16). */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  /**
   * Keras's {@code adapt(data)} on an array: the mean and (biased) variance of {@code data} over
   * every axis but the kept ones, into the layer's {@code mean} and {@code variance} weights.
   */
  public void adapt(FloatNdArray data) {
    if (givenMean != null) {
      throw new IllegalStateException("Layer \"" + name() + "\" was given `mean` and `variance`; adapt() computes them for a"
          + " layer built without them.");
    }
    long[] dims = data.shape().asArray();
    if (built()) {
      for (int d : keepAxes) {
        if (d >= dims.length || dims[d] != builtInputShape().get(d)) {
          throw new IllegalArgumentException("The layer was built with input_shape=" + Shapes.format(builtInputShape())
              + ", but adapt() is being called with data with an incompatible shape, data.shape=" + Shapes.format(data.shape()));
        }
      }
    } else {
      long[] batched = dims.clone();
      if (Arrays.stream(axis).noneMatch(a -> a == 0 || a == -dims.length)) {
        batched[0] = -1;
      }
      ensureBuilt(Shape.of(batched));
    }
    float[] v = new float[(int) data.size()];
    data.copyTo(DataBuffers.of(v, false, false));
    int stats = (int) adaptMean.size();
    double[] sum = new double[stats];
    double[] sumSq = new double[stats];
    long[] strides = new long[dims.length];
    for (int i = dims.length - 1, s = 1; i >= 0; s *= (int) dims[i], i--) {
      strides[i] = s;
    }
    for (int i = 0; i < v.length; i++) {
      int k = statIndex(i, dims, strides);
      sum[k] += v[i];
    }
    long per = v.length / stats;
    for (int i = 0; i < v.length; i++) {
      int k = statIndex(i, dims, strides);
      double d = v[i] - sum[k] / per;
      sumSq[k] += d * d;
    }
    float[] mean = new float[stats];
    float[] var = new float[stats];
    for (int k = 0; k < stats; k++) {
      mean[k] = (float) (sum[k] / per);
      var[k] = (float) (sumSq[k] / per);
    }
    adaptMean.assign(NdArrays.wrap(adaptMean.shape(), DataBuffers.of(mean, false, false)));
    adaptVariance.assign(NdArrays.wrap(adaptVariance.shape(), DataBuffers.of(var, false, false)));
  }

  /** The row-major index, among the kept axes, of flat element {@code i}. */
  private int statIndex(long i, long[] dims, long[] strides) {
    int k = 0;
    for (int d : keepAxes) {
      k = (int) (k * dims[d] + (i / strides[d]) % dims[d]);
    }
    return k;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("axis", Arrays.stream(axis).boxed().toList());
    c.put("invert", invert);
    c.put("mean", configValue(givenMean));
    c.put("variance", configValue(givenVariance));
    return c;
  }

  private Object configValue(double[] v) {
    if (v == null) {
      return null;
    }
    if (givenShape.length == 0) {
      return v[0];
    }
    List<Object> out = new ArrayList<>();
    for (double d : v) {
      out.add(d);
    }
    return out;
  }

  /** Keras's {@code from_config}: scalar or vector {@code mean} and {@code variance}. */
  public static Normalization fromConfig(Map<String, Object> config) {
    Config c = Config.of("Normalization", config);
    Normalization n = new Normalization();
    Object axis = c.get("axis");
    if (axis == null && config.containsKey("axis")) {
      n.axis(new int[0]);
    } else if (axis instanceof Number a) {
      n.axis(a.intValue());
    } else if (axis != null) {
      n.axis(c.getInts("axis"));
    }
    n.invert(c.getBoolean("invert", false));
    Object mean = c.get("mean");
    Object variance = c.get("variance");
    if ((mean == null) != (variance == null)) {
      throw new IllegalArgumentException("When setting values directly, both `mean` and `variance` must be set. Received: mean="
          + mean + " and variance=" + variance);
    }
    if (mean instanceof Number m && variance instanceof Number v) {
      n.meanAndVariance(m.doubleValue(), v.doubleValue());
    } else if (mean != null) {
      n.meanAndVariance(c.getDoublesOrNull("mean"), c.getDoublesOrNull("variance"));
    }
    return withBaseConfig(n, c);
  }

  private static float[] toFloats(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return f;
  }

  private static String shapeText(long[] shape) {
    return Shapes.format(Shape.of(shape));
  }
}
