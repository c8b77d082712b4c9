package org.jkeras.activations;

import java.util.Locale;
import java.util.function.UnaryOperator;
import org.jkeras.backend.DTypes;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code keras.activations}: the functions as constants ({@link #RELU}, {@link #SIGMOID}...), the
 * ones with arguments as static methods ({@link #relu(Ops, Operand, double, Double, double)},
 * {@link #gelu(boolean)}...), and {@link #get(String)} for Keras's string identifiers. Each is the
 * op sequence of Keras 3's TensorFlow backend, so values and gradients match it. A constant's
 * {@code name()} is what Keras's {@code serialize} writes: {@code "swish"} is read as {@code silu}
 * and written back as {@code "silu"}, as Keras does.
 *
 * <p>A sigmoid or softmax output remembers its logits (the op's input), which the cross-entropy
 * losses use as Keras 3 does.
 */
public final class Activations {
  private Activations() {}

  public static final Activation LINEAR = generic("linear", (tf, x) -> x);
  public static final Activation RELU = generic("relu", (tf, x) -> tf.nn.relu(x));
  public static final Activation SIGMOID = generic("sigmoid", (tf, x) -> tf.math.sigmoid(x));
  public static final Activation SOFTMAX = generic("softmax", (tf, x) -> tf.nn.softmax(x));
  public static final Activation TANH = generic("tanh", (tf, x) -> tf.math.tanh(x));
  public static final Activation ELU = generic("elu", (tf, x) -> tf.nn.elu(x));
  public static final Activation SELU = generic("selu", (tf, x) -> tf.nn.selu(x));
  public static final Activation SOFTPLUS = generic("softplus", (tf, x) -> tf.math.softplus(x));
  public static final Activation SOFTSIGN = generic("softsign", (tf, x) -> tf.nn.softsign(x));
  /** {@code silu(x) = x * sigmoid(x)}; Keras's {@code swish} is the same function, serialized as "silu". */
  public static final Activation SILU = generic("silu", (tf, x) -> tf.math.mul(x, tf.math.sigmoid(x)));
  public static final Activation SWISH = SILU;
  public static final Activation EXPONENTIAL = generic("exponential", (tf, x) -> tf.math.exp(x));
  public static final Activation RELU6 = generic("relu6", (tf, x) -> tf.nn.relu6(x));
  /** Keras's {@code gelu(x, approximate=False)}: the exact form with {@code erf}, what {@code "gelu"} means. */
  public static final Activation GELU = of("gelu", (tf, x) -> gelu(tf, x, false));
  /** Keras's {@code leaky_relu(x, negative_slope=0.2)} (the layer LeakyReLU defaults to 0.3). */
  public static final Activation LEAKY_RELU = generic("leaky_relu", (tf, x) -> leakyRelu(tf, x, 0.2));
  /** Keras 3's {@code hard_sigmoid}: {@code relu6(x + 3) / 6} (Keras 2 used {@code 0.2 x + 0.5}). */
  public static final Activation HARD_SIGMOID = of("hard_sigmoid", Activations::hardSigmoid);
  /** {@code hard_silu(x) = x * hard_sigmoid(x)}; Keras's {@code hard_swish} is the same function. */
  public static final Activation HARD_SILU = of("hard_silu", (tf, x) -> tf.math.mul(x, hardSigmoid(tf, x)));
  public static final Activation HARD_SWISH = HARD_SILU;
  /** {@code mish(x) = x * tanh(softplus(x))}. */
  public static final Activation MISH = generic("mish", (tf, x) -> tf.math.mul(x, tf.math.tanh(tf.math.softplus(x))));
  public static final Activation LOG_SOFTMAX = generic("log_softmax", (tf, x) -> tf.nn.logSoftmax(x));

  private static final String KNOWN = "linear, relu, relu6, leaky_relu, sigmoid, hard_sigmoid, softmax, log_softmax, tanh,"
      + " elu, selu, gelu, softplus, softsign, silu, swish, hard_silu, hard_swish, mish, exponential";

  private interface Fn {
    Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x);
  }

  private static Activation of(String name, Fn fn) {
    return of(name, fn, false);
  }

  /** An activation made of TF ops on its input only: it computes in any float dtype (mixed precision). */
  private static Activation generic(String name, Fn fn) {
    return of(name, fn, true);
  }

  private static Activation of(String name, Fn fn, boolean anyFloatDtype) {
    return new Activation() {
      @Override
      public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
        return fn.apply(tf, x);
      }

      @Override
      public boolean anyFloatDtype() {
        return anyFloatDtype;
      }

      @Override
      public String name() {
        return name;
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  /** {@code keras.activations.get}: null or "linear" is the identity. */
  public static Activation get(String identifier) {
    if (identifier == null) {
      return LINEAR;
    }
    switch (identifier.toLowerCase(Locale.ROOT)) {
      case "linear": return LINEAR;
      case "relu": return RELU;
      case "relu6": return RELU6;
      case "leaky_relu": return LEAKY_RELU;
      case "sigmoid": return SIGMOID;
      case "hard_sigmoid": return HARD_SIGMOID;
      case "softmax": return SOFTMAX;
      case "log_softmax": return LOG_SOFTMAX;
      case "tanh": return TANH;
      case "elu": return ELU;
      case "selu": return SELU;
      case "gelu": return GELU;
      case "softplus": return SOFTPLUS;
      case "softsign": return SOFTSIGN;
      case "swish": case "silu": return SILU;
      case "hard_swish": case "hard_silu": return HARD_SILU;
      case "mish": return MISH;
      case "exponential": return EXPONENTIAL;
      default:
        throw new IllegalArgumentException(
            "Could not interpret activation function identifier: " + identifier + ". Expected one of " + KNOWN + ".");
    }
  }

  // ---------------------------------------------------------------- functions with arguments

  /** Keras's {@code gelu(x, approximate)} as an activation (named "gelu", as Keras serializes it). */
  public static Activation gelu(boolean approximate) {
    return approximate ? of("gelu", (tf, x) -> gelu(tf, x, true)) : GELU;
  }

  /** Keras's {@code leaky_relu(x, negative_slope)} as an activation (named "leaky_relu"). */
  public static Activation leakyRelu(double negativeSlope) {
    return generic("leaky_relu", (tf, x) -> leakyRelu(tf, x, negativeSlope));
  }

  /**
   * {@code tf.nn.gelu}: {@code 0.5 x (1 + erf(x / sqrt(2)))}, or with {@code approximate} {@code
   * 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))}.
   */
  public static Operand<TFloat32> gelu(Ops tf, Operand<TFloat32> x, boolean approximate) {
    Operand<TFloat32> half = tf.math.mul(tf.constant(0.5f), x);
    Operand<TFloat32> inner;
    if (approximate) {
      Operand<TFloat32> cubic = tf.math.mul(tf.constant(0.044715f), tf.math.pow(x, tf.constant(3f)));
      inner = tf.math.tanh(tf.math.mul(tf.constant(0.7978845608028654f), tf.math.add(x, cubic)));
    } else {
      inner = tf.math.erf(tf.math.div(x, tf.constant(1.4142135623730951f)));
    }
    return tf.math.mul(half, tf.math.add(tf.constant(1f), inner));
  }

  /** {@code tf.nn.leaky_relu(x, alpha=negative_slope)}. */
  public static Operand<TFloat32> leakyRelu(Ops tf, Operand<TFloat32> x, double negativeSlope) {
    return tf.nn.leakyRelu(x, LeakyRelu.alpha((float) negativeSlope));
  }

  /** Keras 3's {@code hard_sigmoid}: {@code relu6(x + 3) / 6}. */
  public static Operand<TFloat32> hardSigmoid(Ops tf, Operand<TFloat32> x) {
    return tf.math.div(tf.nn.relu6(tf.math.add(x, tf.constant(3f))), tf.constant(6f));
  }

  /**
   * Keras's {@code relu(x, negative_slope, max_value, threshold)}, its {@code static_call} op for
   * op: {@code leaky_relu} when only the slope is set, {@code relu6} for a maximum of 6, else
   * {@code x} if {@code x > threshold} (0 otherwise) clipped to {@code [0, max_value]}, minus
   * {@code negative_slope * relu(threshold - x)}.
   *
   * @param maxValue the upper bound, or null for none
   */
  public static Operand<TFloat32> relu(Ops tf, Operand<TFloat32> x, double negativeSlope, Double maxValue,
      double threshold) {
    Operand<TFloat32> negativePart = null;
    if (negativeSlope != 0) {
      if (maxValue == null && threshold == 0) {
        return leakyRelu(tf, x, negativeSlope);
      }
      Operand<TFloat32> minusX = tf.math.neg(x);
      negativePart = tf.nn.relu(threshold != 0 ? tf.math.add(minusX, DTypes.constantLike(tf, threshold, x)) : minusX);
    }
    boolean clipMax = maxValue != null;
    Operand<TFloat32> y;
    if (threshold != 0) {
      y = tf.select(tf.math.greater(x, DTypes.constantLike(tf, threshold, x)), x, tf.zerosLike(x));
    } else if (maxValue != null && maxValue == 6) {
      y = tf.nn.relu6(x);
      clipMax = false;
    } else {
      y = tf.nn.relu(x);
    }
    if (clipMax) {
      y = tf.clipByValue(y, DTypes.constantLike(tf, 0, y), DTypes.constantLike(tf, maxValue, y));
    }
    if (negativePart != null) {
      y = tf.math.sub(y, tf.math.mul(DTypes.constantLike(tf, negativeSlope, x), negativePart));
    }
    return y;
  }

  /**
   * Keras's {@code softmax(x, axis)}: TF's op normalises the last axis, so another axis is swapped
   * to the end and back, as {@code tf.nn.softmax(x, axis)} does.
   */
  public static Operand<TFloat32> softmax(Ops tf, Operand<TFloat32> x, int axis) {
    return alongAxis(tf, x, axis, y -> tf.nn.softmax(y));
  }

  /** Keras's {@code log_softmax(x, axis)}, as {@link #softmax(Ops, Operand, int)}. */
  public static Operand<TFloat32> logSoftmax(Ops tf, Operand<TFloat32> x, int axis) {
    return alongAxis(tf, x, axis, y -> tf.nn.logSoftmax(y));
  }

  private static Operand<TFloat32> alongAxis(Ops tf, Operand<TFloat32> x, int axis,
      UnaryOperator<Operand<TFloat32>> lastAxisOp) {
    int rank = x.shape().numDimensions();
    int a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) {
      throw new IllegalArgumentException("Axis " + axis + " is out of bounds for an input of rank " + rank
          + ". Received: axis=" + axis);
    }
    if (a == rank - 1) {
      return lastAxisOp.apply(x);
    }
    int[] swap = new int[rank];
    for (int i = 0; i < rank; i++) {
      swap[i] = i;
    }
    swap[a] = rank - 1;
    swap[rank - 1] = a;
    Operand<TInt32> perm = tf.constant(swap);
    return tf.linalg.transpose(lastAxisOp.apply(tf.linalg.transpose(x, perm)), perm);
  }

  /** Keras's {@code elu(x, alpha)}: {@code tf.nn.elu}, its negative part scaled by {@code alpha}. */
  public static Operand<TFloat32> elu(Ops tf, Operand<TFloat32> x, double alpha) {
    Operand<TFloat32> res = tf.nn.elu(x);
    if (alpha == 1) {
      return res;
    }
    Operand<TFloat32> zero = DTypes.constantLike(tf, 0, x);
    return tf.select(tf.math.greater(x, zero), res, tf.math.mul(DTypes.constantLike(tf, alpha, x), res));
  }
}
