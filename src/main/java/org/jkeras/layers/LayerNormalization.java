package org.jkeras.layers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.Shapes;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Keras's {@code LayerNormalization(axis=-1, epsilon=1e-3, center=True, scale=True,
 * beta_initializer="zeros", gamma_initializer="ones", beta_regularizer=None,
 * gamma_regularizer=None)}: each sample normalised over {@code axis} (one axis or several: {@code
 * new LayerNormalization(1, 2)}) with its own mean and (biased) variance, the same in training and
 * at inference: {@code x * inv + (beta - mean * inv)}, {@code inv = gamma / sqrt(variance +
 * epsilon)}, as Keras's {@code ops.layer_normalization}. {@code gamma} and {@code beta} have the
 * shape of the normalised axes.
 *
 * <p>{@code rmsScaling(true)} is Keras's deprecated {@code rms_scaling=True} (kept for configs
 * that have it): {@code x * gamma / sqrt(variance + epsilon)} with no {@code beta}. Keras warns
 * that it divides by the variance, not the root mean square; {@code keras.layers.RMSNormalization}
 * is the correct form.
 *
 * <p>Keras sorts {@code axis} into a list when it builds the layer, so a built layer's config holds
 * {@code "axis": [-1]}; jkeras's does too.
 */
public class LayerNormalization extends NormalizationLayer<LayerNormalization> {
  private int[] axis;
  private boolean axisIsList;
  private boolean rmsScaling;
  private int[] positiveAxes;
  private long[] broadcastShape;

  /** {@code LayerNormalization()}: the last axis. */
  public LayerNormalization() {
    this(-1);
  }

  /** One axis ({@code axis=-1}), or several ({@code axis=[1, 2]}). */
  public LayerNormalization(int... axis) {
    if (axis == null || axis.length == 0) {
      throw new IllegalArgumentException("Expected an int or a list/tuple of ints for the argument 'axis', but received:"
          + " axis=" + Arrays.toString(axis));
    }
    this.axis = axis.clone();
    this.axisIsList = axis.length > 1;
  }

  /** {@code axis=[a]}: a list of one axis, as Keras writes it once built. */
  private LayerNormalization asList() {
    axisIsList = true;
    return this;
  }

  /** Keras's deprecated {@code rms_scaling}: see the class comment. */
  public LayerNormalization rmsScaling(boolean rmsScaling) {
    this.rmsScaling = rmsScaling;
    return this;
  }

  @Override
  protected LayerNormalization self() {
    return this;
  }

  public int[] axis() {
    return axis.clone();
  }

  public boolean rmsScaling() {
    return rmsScaling;
  }

  @Override
  protected void validateInputShape(Shape inputShape) {
    int rank = inputShape.numDimensions();
    for (int a : axis) {
      if (a >= rank || a < -rank) {
        throw new IllegalArgumentException("Axis " + a + " is out of bounds for input shape " + Shapes.format(inputShape)
            + ". Received: axis=" + axisText());
      }
      if (inputShape.get(a < 0 ? a + rank : a) < 0) {
        throw new IllegalArgumentException("Input 0 of layer \"" + name() + "\" has an undefined dimension on axis " + a
            + ", which LayerNormalization normalises. Full shape received: " + Shapes.format(inputShape));
      }
    }
  }

  private String axisText() {
    return axisIsList ? Arrays.toString(axis) : String.valueOf(axis[0]);
  }

  @Override
  public void build(Shape inputShape) {
    // Keras: self.axis = sorted(self.axis); the weights have the shape of the axes in that order.
    int rank = inputShape.numDimensions();
    axis = axis.clone();
    Arrays.sort(axis);
    axisIsList = true;
    long[] weightShape = new long[axis.length];
    positiveAxes = new int[axis.length];
    broadcastShape = new long[rank];
    Arrays.fill(broadcastShape, 1);
    for (int i = 0; i < axis.length; i++) {
      positiveAxes[i] = axis[i] < 0 ? axis[i] + rank : axis[i];
      weightShape[i] = inputShape.get(positiveAxes[i]);
      broadcastShape[positiveAxes[i]] = weightShape[i];
    }
    addGammaBeta(Shape.of(weightShape), scale() || rmsScaling, center() && !rmsScaling);
  }

  @Override
  protected Operand<TFloat32> normalize(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    Operand<TFloat32> gamma = gamma() == null ? null : tf.reshape(ctx.value(gamma()), tf.constant(broadcastShape));
    if (rmsScaling) {
      // backend.numpy.var (tf.math.reduce_variance), then x * rsqrt(variance + epsilon) * gamma.
      Operand<TInt32> axes = tf.constant(positiveAxes);
      Operand<TFloat32> mean = tf.math.mean(x, axes, Mean.keepDims(true));
      Operand<TFloat32> variance = tf.math.mean(tf.math.square(tf.math.sub(x, mean)), axes, Mean.keepDims(true));
      Operand<TFloat32> y = tf.math.mul(x, tf.math.rsqrt(tf.math.add(variance, tf.constant((float) epsilon()))));
      return gamma == null ? y : tf.math.mul(y, gamma);
    }
    Operand<TFloat32> beta = beta() == null ? null : tf.reshape(ctx.value(beta()), tf.constant(broadcastShape));
    return Moments.of(tf, x, positiveAxes).normalize(tf, x, epsilon(), gamma, beta);
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    return inputShape;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("axis", axisIsList ? Configs.list(axis) : axis[0]);
    putNormalizationConfig(c, Map.of("rms_scaling", rmsScaling));
    return c;
  }

  /** Keras's {@code from_config}. */
  public static LayerNormalization fromConfig(Map<String, Object> config) {
    Config c = Config.of("LayerNormalization", config);
    LayerNormalization l = new LayerNormalization(c.has("axis") ? c.getInts("axis") : new int[] {-1});
    if (c.get("axis") instanceof List) {
      l.asList();
    }
    l.rmsScaling(c.getBoolean("rms_scaling", false));
    return withNormalizationConfig(l, c);
  }
}
