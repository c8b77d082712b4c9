package org.jkeras.activations;

import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * {@code keras.activations}: the functions as constants ({@link #RELU}, {@link #SIGMOID}...) and
 * {@link #get(String)} for their names. A sigmoid or softmax output remembers its logits (the op's
 * input), which the cross-entropy losses use as Keras 3 does.
 */
public final class Activations {
  private Activations() {}

  public static final Activation LINEAR = of("linear", (tf, x) -> x);
  public static final Activation RELU = of("relu", (tf, x) -> tf.nn.relu(x));
  public static final Activation SIGMOID = of("sigmoid", (tf, x) -> tf.math.sigmoid(x));
  public static final Activation SOFTMAX = of("softmax", (tf, x) -> tf.nn.softmax(x));
  public static final Activation TANH = of("tanh", (tf, x) -> tf.math.tanh(x));
  public static final Activation ELU = of("elu", (tf, x) -> tf.nn.elu(x));
  public static final Activation SELU = of("selu", (tf, x) -> tf.nn.selu(x));
  public static final Activation SOFTPLUS = of("softplus", (tf, x) -> tf.math.softplus(x));
  public static final Activation SWISH = of("swish", (tf, x) -> tf.math.mul(x, tf.math.sigmoid(x)));
  public static final Activation EXPONENTIAL = of("exponential", (tf, x) -> tf.math.exp(x));
  /** {@code min(max(x, 0), 6)}, TF's {@code Relu6} (added with the convolution layers, for MobileNet blocks). */
  public static final Activation RELU6 = of("relu6", (tf, x) -> tf.nn.relu6(x));

  private interface Fn {
    Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x);
  }

  private static Activation of(String name, Fn fn) {
    return new Activation() {
      @Override
      public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
        return fn.apply(tf, x);
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
      case "sigmoid": return SIGMOID;
      case "softmax": return SOFTMAX;
      case "tanh": return TANH;
      case "elu": return ELU;
      case "selu": return SELU;
      case "softplus": return SOFTPLUS;
      case "swish": case "silu": return SWISH;
      case "exponential": return EXPONENTIAL;
      case "relu6": return RELU6;
      default:
        throw new IllegalArgumentException(
            "Could not interpret activation function identifier: " + identifier
                + ". Expected one of linear, relu, sigmoid, softmax, tanh, elu, selu, softplus, swish, exponential, relu6.");
    }
  }
}
