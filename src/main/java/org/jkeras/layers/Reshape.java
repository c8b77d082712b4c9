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
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Keras's {@code Reshape(target_shape)}: each sample reshaped to {@code target_shape} (without the
 * batch dimension), in row-major order. One dimension may be -1: it is inferred from the input's
 * size, as Keras infers it ({@code new Reshape(-1, 2)} is {@code Reshape((-1, 2))}).
 */
public class Reshape extends Layer {
  private final long[] targetShape;

  public Reshape(int... targetShape) {
    if (targetShape == null || targetShape.length == 0) {
      throw new IllegalArgumentException("Received an invalid value for `target_shape`, expected at least one dimension."
          + " Received: target_shape=" + Arrays.toString(targetShape));
    }
    int unknown = 0;
    for (int d : targetShape) {
      if (d == -1) {
        unknown++;
      } else if (d <= 0) {
        throw new IllegalArgumentException("Received an invalid value for `target_shape`: dimensions must be positive or"
            + " -1. Received: target_shape=" + Arrays.toString(targetShape));
      }
    }
    if (unknown > 1) {
      throw new IllegalArgumentException("There must be at most one unknown dimension (-1) in target_shape. Received:"
          + " target_shape=" + Arrays.toString(targetShape));
    }
    this.targetShape = Arrays.stream(targetShape).asLongStream().toArray();
  }

  @Override
  public Reshape name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public Reshape inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  public int[] targetShape() {
    return Arrays.stream(targetShape).mapToInt(Math::toIntExact).toArray();
  }

  @Override
  protected void validateInputShape(Shape inputShape) {
    resolve(inputShape);
  }

  /**
   * Keras's {@code compute_reshape_output_shape}: the target with its -1 resolved when the input's
   * sample dimensions are known (checking that the sizes agree), else with -1 left unknown.
   */
  private long[] resolve(Shape inputShape) {
    long size = 1;
    for (int i = 1; i < inputShape.numDimensions(); i++) {
      if (inputShape.get(i) < 0) {
        return targetShape.clone();
      }
      size *= inputShape.get(i);
    }
    long known = 1;
    int unknownAt = -1;
    for (int i = 0; i < targetShape.length; i++) {
      if (targetShape[i] == -1) {
        unknownAt = i;
      } else {
        known *= targetShape[i];
      }
    }
    long[] out = targetShape.clone();
    if (unknownAt < 0 ? known != size : size % known != 0) {
      throw new IllegalArgumentException("The total size of the tensor must be unchanged. Received: input_shape="
          + Shapes.format(Shapes.sample(inputShape)) + ", target_shape=" + Arrays.toString(targetShape));
    }
    if (unknownAt >= 0) {
      out[unknownAt] = size / known;
    }
    return out;
  }

  @Override
  protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    long[] target = resolve(x.shape());
    if (Arrays.stream(target).allMatch(d -> d >= 0)) {
      long[] full = new long[target.length + 1];
      full[0] = -1;
      System.arraycopy(target, 0, full, 1, target.length);
      return tf.reshape(x, tf.constant(full));
    }
    // An unknown sample dimension: the batch size comes from the tensor, the -1 stays for TF to infer.
    Operand<TInt64> batch = tf.slice(tf.shape(x, TInt64.class), tf.constant(new int[] {0}), tf.constant(new int[] {1}));
    return tf.reshape(x, tf.concat(List.of(batch, tf.constant(target)), tf.constant(0)));
  }

  /** Computes in any float dtype (mixed precision): a reshape. */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    return Shape.of(inputShape.get(0)).append(Shape.of(resolve(inputShape)));
  }

  /** Keras builds this layer when it is made: its saved config has no {@code build_config}. */
  @Override
  protected boolean buildsAtInit() {
    return true;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("target_shape", Configs.list(targetShape()));
    return c;
  }

  /** Keras's {@code from_config}. */
  public static Reshape fromConfig(Map<String, Object> config) {
    Config c = Config.of("Reshape", config);
    return withBaseConfig(new Reshape(c.getInts("target_shape")), c);
  }
}
