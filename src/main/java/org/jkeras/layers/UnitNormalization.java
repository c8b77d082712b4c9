package org.jkeras.layers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.DTypes;
import org.jkeras.backend.Shapes;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code UnitNormalization(axis=-1)}: each sample scaled to unit L2 norm over {@code axis}
 * (one or several). As Keras's {@code ops.normalize(x, axis, order=2, epsilon=1e-12)}: {@code x *
 * min(rsqrt(sum(x^2)), 1e12)}, so an all-zero vector stays zero.
 */
public class UnitNormalization extends Layer {
  private final int[] axis;
  private boolean axisIsList;

  /** {@code UnitNormalization()}: the last axis. */
  public UnitNormalization() {
    this(-1);
  }

  /** One axis ({@code axis=-1}), or several ({@code axis=[1, 2]}). */
  public UnitNormalization(int... axis) {
    if (axis == null || axis.length == 0) {
      throw new IllegalArgumentException("Invalid value for `axis` argument: expected an int or a list/tuple of ints."
          + " Received: axis=" + Arrays.toString(axis));
    }
    this.axis = axis.clone();
    this.axisIsList = axis.length > 1;
  }

  @Override
  public UnitNormalization name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public UnitNormalization inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  public int[] axis() {
    return axis.clone();
  }

  @Override
  protected void validateInputShape(Shape inputShape) {
    int rank = inputShape.numDimensions();
    for (int a : axis) {
      if (a >= rank || a < -rank) {
        throw new IllegalArgumentException("Axis " + (axisIsList ? Arrays.toString(axis) : String.valueOf(axis[0]))
            + " is out of bounds for input shape " + Shapes.format(inputShape) + ".");
      }
    }
  }

  @Override
  protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    int rank = x.shape().numDimensions();
    int[] axes = Arrays.stream(axis).map(a -> a < 0 ? a + rank : a).toArray();
    Operand<TFloat32> squareSum = tf.reduceSum(tf.math.square(x), tf.constant(axes), ReduceSum.keepDims(true));
    Operand<TFloat32> invNorm = tf.math.minimum(tf.math.rsqrt(squareSum), DTypes.constantLike(tf, 1.0 / 1e-12, x));
    return tf.math.mul(x, invNorm);
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    return inputShape;
  }

  /** Keras builds this layer when it is made: its saved config has no {@code build_config}. */
  @Override
  protected boolean buildsAtInit() {
    return true;
  }

  /**
   * Computes in any float dtype (mixed precision): Keras's {@code ops.normalize} does not upcast;
   * the bound {@code 1 / epsilon} in the input's dtype (infinite in float16, as in Keras).
   */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("axis", axisIsList ? Configs.list(axis) : axis[0]);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static UnitNormalization fromConfig(Map<String, Object> config) {
    Config c = Config.of("UnitNormalization", config);
    UnitNormalization l = new UnitNormalization(c.has("axis") ? c.getInts("axis") : new int[] {-1});
    l.axisIsList = c.get("axis") instanceof List;
    return withBaseConfig(l, c);
  }
}
