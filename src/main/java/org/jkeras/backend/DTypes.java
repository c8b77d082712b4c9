package org.jkeras.backend;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TNumber;

/**
 * The floating dtypes a layer computes in, by Keras's names ({@code "float32"}, {@code
 * "bfloat16"}, {@code "float16"}), and casts between them.
 *
 * <p>jkeras's operands are typed {@code Operand<TFloat32>} throughout (its public API stays free of
 * TF's generics). Under a mixed-precision policy a layer's operands are bfloat16 or float16 at run
 * time: Java's generics are erased and TF checks dtypes when it adds an op to the graph, so the
 * static type is only a label there. Every place where a value leaves the layers (a model's
 * outputs, a loss, a fetched tensor) goes through {@link #toFloat32}, so a fetched tensor is a
 * {@code TFloat32} whatever the policy. A cast to the dtype an operand already has is no op at
 * all: the float32 graphs are exactly as before mixed precision existed.
 */
public final class DTypes {
  private DTypes() {}

  /** Keras's name of {@code x}'s dtype: {@code "float32"}, {@code "bfloat16"}, {@code "float16"}... */
  public static String dtypeOf(Operand<?> x) {
    DataType t = x.asOutput().dataType();
    switch (t) {
      case DT_FLOAT:
        return "float32";
      case DT_BFLOAT16:
        return "bfloat16";
      case DT_HALF:
        return "float16";
      case DT_DOUBLE:
        return "float64";
      default:
        return t.name().substring(3).toLowerCase();
    }
  }

  /** True for the floating dtypes a layer computes in. */
  public static boolean isComputeDtype(String dtype) {
    return "float32".equals(dtype) || "bfloat16".equals(dtype) || "float16".equals(dtype);
  }

  private static Class<? extends TNumber> typeOf(String dtype) {
    switch (dtype) {
      case "float32":
        return TFloat32.class;
      case "bfloat16":
        return TBfloat16.class;
      case "float16":
        return TFloat16.class;
      default:
        throw new IllegalArgumentException("jkeras computes in float32, bfloat16 or float16. Received: dtype=" + dtype);
    }
  }

  /**
   * {@code x} in {@code dtype} (itself when it has it already), under jkeras's static type: see the
   * class comment.
   */
  @SuppressWarnings("unchecked")
  public static Operand<TFloat32> cast(Ops tf, Operand<?> x, String dtype) {
    if (dtypeOf(x).equals(dtype)) {
      return (Operand<TFloat32>) x;
    }
    return (Operand<TFloat32>) (Operand<?>) tf.dtypes.cast(x, typeOf(dtype));
  }

  /** {@code x} in float32: what leaves the layers (a model's outputs, losses, fetched values). */
  public static Operand<TFloat32> toFloat32(Ops tf, Operand<?> x) {
    return cast(tf, x, "float32");
  }

  /** The scalar {@code value} in {@code like}'s dtype (rounded to it), e.g. a padding value or a scale. */
  public static Operand<TFloat32> constantLike(Ops tf, double value, Operand<?> like) {
    Operand<TFloat32> c = tf.constant((float) value);
    return cast(tf, c, dtypeOf(like));
  }
}
