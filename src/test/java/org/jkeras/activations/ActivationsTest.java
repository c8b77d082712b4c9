package org.jkeras.activations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jkeras.backend.GraphContext;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The activations whose Keras 3 meaning is easy to get wrong: the formulas Keras 3 changed or
 * defaults that differ between the function and the layer (the parity suite checks every value and
 * gradient against Keras).
 */
class ActivationsTest {
  static final float[] X = {-4f, -1f, 0f, 0.5f, 3f};

  static float[] apply(Activation a) {
    try (GraphContext ctx = new GraphContext()) {
      Ops tf = ctx.tf();
      Operand<TFloat32> y = a.apply(tf, tf.constant(X));
      try (Result r = ctx.runner().fetch(y).run()) {
        TFloat32 t = (TFloat32) r.get(0);
        float[] out = new float[X.length];
        for (int i = 0; i < out.length; i++) {
          out[i] = t.getFloat(i);
        }
        return out;
      }
    }
  }

  @Test
  void hardSigmoidIsKeras3sRelu6OfXPlus3Over6() {
    // Keras 2's 0.2 x + 0.5 would give 0.6 at 0.5 and 1 at 3; Keras 3's gives 0.5833 and 1.
    assertArrayEquals(new float[] {0f, 2f / 6, 0.5f, 3.5f / 6, 1f}, apply(Activations.get("hard_sigmoid")), 1e-6f);
    assertArrayEquals(new float[] {-0f, -2f / 6, 0f, 0.5f * 3.5f / 6, 3f}, apply(Activations.get("hard_swish")), 1e-6f);
  }

  @Test
  void leakyReluFunctionSlopeIs02() {
    assertArrayEquals(new float[] {-0.8f, -0.2f, 0f, 0.5f, 3f}, apply(Activations.get("leaky_relu")), 1e-6f);
  }

  @Test
  void geluIsTheExactFormUnlessApproximate() {
    float[] exact = apply(Activations.get("gelu"));
    float[] approx = apply(Activations.gelu(true));
    for (int i = 0; i < X.length; i++) {
      double x = X[i];
      double cdf = 0.5 * (1 + erf(x / Math.sqrt(2)));
      assertEquals(x * cdf, exact[i], 1e-6, "gelu(" + x + ")");
      double tanh = Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x));
      assertEquals(0.5 * x * (1 + tanh), approx[i], 1e-6, "gelu(" + x + ", approximate=True)");
    }
    assertTrue(Math.abs(exact[1] - approx[1]) > 1e-5, "the two forms differ at -1");
  }

  @Test
  void aliasesSerializeAsKerasDoes() {
    assertSame(Activations.get("swish"), Activations.get("silu"));
    assertEquals("silu", Activations.get("swish").name());
    assertEquals("hard_silu", Activations.get("hard_swish").name());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activations.get("swishy"));
    assertTrue(e.getMessage().startsWith("Could not interpret activation function identifier: swishy."), e.getMessage());
  }

  @Test
  void reluWithAllArgumentsFollowsKerasStaticCall() {
    // negative_slope 0.5, max_value 2, threshold 1: x > 1 -> min(x, 2); else 0; minus 0.5 * relu(1 - x).
    float[] y;
    try (GraphContext ctx = new GraphContext()) {
      Ops tf = ctx.tf();
      Operand<TFloat32> out = Activations.relu(tf, tf.constant(X), 0.5, 2.0, 1.0);
      try (Result r = ctx.runner().fetch(out).run()) {
        TFloat32 t = (TFloat32) r.get(0);
        y = new float[] {t.getFloat(0), t.getFloat(1), t.getFloat(2), t.getFloat(3), t.getFloat(4)};
      }
    }
    assertArrayEquals(new float[] {-2.5f, -1f, -0.5f, -0.25f, 2f}, y, 1e-6f);
  }

  /** Abramowitz and Stegun 7.1.26 is too coarse here: a series and a continued fraction, to 1e-12. */
  static double erf(double x) {
    double ax = Math.abs(x);
    double r;
    if (ax < 3) {
      double term = ax;
      double sum = ax;
      for (int n = 1; n < 100; n++) {
        term *= -ax * ax / n;
        sum += term / (2 * n + 1);
      }
      r = 2 / Math.sqrt(Math.PI) * sum;
    } else {
      double f = 0;
      for (int n = 60; n >= 1; n--) {
        f = n / 2.0 / (ax + f);
      }
      r = 1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / (ax + f);
    }
    return x < 0 ? -r : r;
  }
}
