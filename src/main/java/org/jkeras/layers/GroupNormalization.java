package org.jkeras.layers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.Shapes;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code GroupNormalization(groups=32, axis=-1, epsilon=1e-3, center=True, scale=True,
 * ...)}: the channels ({@code axis}) split into {@code groups} groups of consecutive channels, each
 * sample normalised per group over the group's channels and every other non-batch axis, then
 * scaled and shifted per channel. {@code groups=-1} is one group per channel (instance
 * normalisation); {@code groups=1} normalises each sample over everything, as LayerNormalization
 * over all axes.
 *
 * <p>As Keras: the input is reshaped to (..., groups, channels / groups, ...), the moments taken over
 * every axis but the batch and the group axis, {@code x * inv + (beta - mean * inv)} with {@code inv
 * = gamma / sqrt(variance + epsilon)}, reshaped back. Once built with {@code groups=-1}, the config
 * holds the number of channels, as Keras's.
 */
public class GroupNormalization extends NormalizationLayer<GroupNormalization> {
  private int groups;
  private final int axis;
  private int positiveAxis;
  private long[] groupedShape;
  private long[] broadcastShape;
  private int[] reductionAxes;

  /** {@code GroupNormalization()}: 32 groups. */
  public GroupNormalization() {
    this(32);
  }

  public GroupNormalization(int groups) {
    this(groups, -1);
  }

  public GroupNormalization(int groups, int axis) {
    if (groups <= 0 && groups != -1) {
      throw new IllegalArgumentException("Received an invalid value for argument `groups`, expected a positive integer"
          + " (or `-1` for instance normalization). Received: groups=" + groups);
    }
    this.groups = groups;
    this.axis = axis;
  }

  @Override
  protected GroupNormalization self() {
    return this;
  }

  public int groups() {
    return groups;
  }

  public int axis() {
    return axis;
  }

  @Override
  protected void validateInputShape(Shape inputShape) {
    int rank = inputShape.numDimensions();
    if (axis >= rank || axis < -rank || (axis < 0 ? axis + rank : axis) == 0) {
      throw new IllegalArgumentException("Axis " + axis + " is out of bounds for input shape " + Shapes.format(inputShape)
          + ". Received: axis=" + axis);
    }
    for (int i = 1; i < rank; i++) {
      if (inputShape.get(i) < 0) {
        throw new IllegalArgumentException("Layer \"" + name() + "\" needs known non-batch dimensions. Received:"
            + " input_shape=" + Shapes.format(inputShape));
      }
    }
    long dim = inputShape.get(axis < 0 ? axis + rank : axis);
    int g = groups == -1 ? (int) dim : groups;
    if (dim < g) {
      throw new IllegalArgumentException("Number of groups (" + g + ") cannot be more than the number of channels ("
          + dim + ").");
    }
    if (dim % g != 0) {
      throw new IllegalArgumentException("Number of groups (" + g + ") must be a multiple of the number of channels ("
          + dim + ").");
    }
  }

  @Override
  public void build(Shape inputShape) {
    int rank = inputShape.numDimensions();
    positiveAxis = axis < 0 ? axis + rank : axis;
    long dim = inputShape.get(positiveAxis);
    if (groups == -1) {
      groups = (int) dim;
    }
    // (batch, ..., C, ...) -> (batch, ..., groups, C / groups, ...); gamma and beta as (1, ..., groups, C / groups, ...).
    groupedShape = new long[rank + 1];
    broadcastShape = new long[rank + 1];
    int k = 0;
    for (int i = 0; i < rank; i++) {
      if (i == positiveAxis) {
        groupedShape[k] = groups;
        broadcastShape[k++] = groups;
        groupedShape[k] = dim / groups;
        broadcastShape[k++] = dim / groups;
      } else {
        groupedShape[k] = i == 0 ? -1 : inputShape.get(i);
        broadcastShape[k++] = 1;
      }
    }
    reductionAxes = new int[rank - 1];
    k = 0;
    for (int i = 1; i <= rank; i++) {
      if (i != positiveAxis) {
        reductionAxes[k++] = i;
      }
    }
    addGammaBeta(Shape.of(dim), scale(), center());
  }

  @Override
  protected Operand<TFloat32> normalize(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    Operand<TFloat32> grouped = tf.reshape(x, tf.constant(groupedShape));
    Operand<TFloat32> gamma = gamma() == null ? null : tf.reshape(ctx.value(gamma()), tf.constant(broadcastShape));
    Operand<TFloat32> beta = beta() == null ? null : tf.reshape(ctx.value(beta()), tf.constant(broadcastShape));
    Operand<TFloat32> y = Moments.of(tf, grouped, reductionAxes).normalize(tf, grouped, epsilon(), gamma, beta);
    return tf.reshape(y, tf.shape(x));
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    return inputShape;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("groups", groups);
    c.put("axis", axis);
    putNormalizationConfig(c, Map.of());
    return c;
  }

  /** Keras's {@code from_config}. */
  public static GroupNormalization fromConfig(Map<String, Object> config) {
    Config c = Config.of("GroupNormalization", config);
    return withNormalizationConfig(new GroupNormalization(c.getInt("groups", 32), c.getInt("axis", -1)), c);
  }
}
