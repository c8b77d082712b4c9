package org.jkeras.layers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.activations.Activations;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.Shapes;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Keras's {@code Softmax(axis=-1)}: the softmax along {@code axis}; over several axes ({@code new
 * Softmax(1, 2)}) it is {@code exp(x - logsumexp(x, axes))}, as Keras computes it. Keras's {@code
 * mask} call argument is not supported (jkeras has no masking).
 */
public class Softmax extends Layer {
  private final int[] axis;
  private boolean axisIsList;

  /** {@code Softmax()}: the last axis. */
  public Softmax() {
    this(-1);
  }

  /** One axis ({@code axis=-1}), or several ({@code axis=[1, 2]}). */
  public Softmax(int... axis) {
    if (axis == null || axis.length == 0) {
      throw new IllegalArgumentException("Received an invalid value for `axis`, expected an int or a list of ints."
          + " Received: axis=" + Arrays.toString(axis));
    }
    this.axis = axis.clone();
    this.axisIsList = axis.length > 1;
  }

  @Override
  public Softmax name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public Softmax inputShape(int... shape) {
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
        throw new IllegalArgumentException("Axis " + a + " is out of bounds for input shape " + Shapes.format(inputShape)
            + ". Received: axis=" + (axisIsList ? Arrays.toString(axis) : String.valueOf(axis[0])));
      }
    }
  }

  @Override
  protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    if (axis.length == 1) {
      return Activations.softmax(tf, x, axis[0]);
    }
    // tf.math.reduce_logsumexp(x, axes, keepdims=True): the max (gradient stopped, 0 where not finite) taken out first.
    Operand<TInt32> axes = tf.constant(axis);
    Operand<TFloat32> rawMax = tf.max(x, axes, Max.keepDims(true));
    Operand<TFloat32> max = tf.stopGradient(tf.select(tf.math.isFinite(rawMax), rawMax, tf.zerosLike(rawMax)));
    Operand<TFloat32> sum = tf.reduceSum(tf.math.exp(tf.math.sub(x, max)), axes, ReduceSum.keepDims(true));
    Operand<TFloat32> logSumExp = tf.math.add(tf.math.log(sum), max);
    return tf.math.exp(tf.math.sub(x, logSumExp));
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

  /** Keras's {@code Softmax.call(inputs, mask=None)}: a functional config records {@code "mask": null} with each call. */
  @Override
  public boolean callTakesMask() {
    return true;
  }

  /**
   * Computes in any float dtype (mixed precision), as Keras's, which does not upcast: TF's softmax
   * and the log-sum-exp run in the input's dtype.
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
  public static Softmax fromConfig(Map<String, Object> config) {
    Config c = Config.of("Softmax", config);
    Softmax l = new Softmax(c.has("axis") ? c.getInts("axis") : new int[] {-1});
    l.axisIsList = c.get("axis") instanceof List;
    return withBaseConfig(l, c);
  }
}
