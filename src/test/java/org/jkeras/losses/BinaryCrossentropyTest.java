package org.jkeras.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jkeras.backend.GraphContext;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class BinaryCrossentropyTest {

  private static float eval(java.util.function.Function<Ops, Operand<TFloat32>> f) {
    try (GraphContext ctx = new GraphContext(); Result r = ctx.runner().fetch(f.apply(ctx.tf())).run()) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }

  @Test
  void probabilitiesAreClippedThenAveraged() {
    float[] t = {1, 0, 1, 0};
    float[] p = {0.9f, 0.2f, 0f, 1f};
    // Keras clips in float32: to [1e-7f, 1f - 1e-7f] (the upper bound rounds to 0.99999988f).
    float eps = 1e-7f;
    double expected = 0;
    for (int i = 0; i < 4; i++) {
      double q = Math.min(Math.max(p[i], eps), 1f - eps);
      expected += -(t[i] * Math.log(q) + (1 - t[i]) * Math.log(1 - q));
    }
    expected /= 4;
    float got = eval(tf -> new BinaryCrossentropy().reduce(tf,
        tf.constant(new float[][] {{1}, {0}, {1}, {0}}), tf.constant(new float[][] {{0.9f}, {0.2f}, {0f}, {1f}})));
    assertEquals(expected, got, 1e-5 * expected);
  }

  @Test
  void sigmoidOutputIsScoredFromItsLogits() {
    // logits 2 and -30, labels 1 and 1: -log(sigmoid(2)) and -log(sigmoid(-30)) = 30 + log1p(e^-30)
    double expected = (Math.log1p(Math.exp(-2)) + 30 + Math.log1p(Math.exp(-30))) / 2;
    float got = eval(tf -> new BinaryCrossentropy().reduce(tf,
        tf.constant(new float[][] {{1}, {1}}), tf.math.sigmoid(tf.constant(new float[][] {{2f}, {-30f}}))));
    assertEquals(expected, got, 1e-5);
    // the same predictions as plain probabilities saturate at -log(1e-7)
    float clipped = eval(tf -> new BinaryCrossentropy().reduce(tf,
        tf.constant(new float[][] {{1}, {1}}), tf.identity(tf.math.sigmoid(tf.constant(new float[][] {{2f}, {-30f}})))));
    assertEquals((Math.log1p(Math.exp(-2)) - Math.log(1e-7)) / 2, clipped, 1e-3);
  }

  @Test
  void gradientAtLogitZeroIsSigmoidMinusLabel() {
    // d/dx of the loss at x = 0 with label 1 is sigmoid(0) - 1 = -0.5 (an untrained model with dead
    // ReLUs and a zero bias outputs exactly this logit).
    float grad;
    try (GraphContext ctx = new GraphContext()) {
      Ops tf = ctx.tf();
      var x = tf.placeholderWithDefault(tf.constant(new float[][] {{0f}}), org.tensorflow.ndarray.Shape.of(1, 1));
      Operand<TFloat32> loss = new BinaryCrossentropy().reduce(tf, tf.constant(new float[][] {{1f}}), tf.math.sigmoid(x));
      var g = ctx.graph().addGradients(loss.asOutput(), new org.tensorflow.Output<?>[] {x.asOutput()});
      try (Result r = ctx.runner().fetch(g[0]).run()) {
        grad = ((TFloat32) r.get(0)).getFloat(0, 0);
      }
    }
    assertEquals(-0.5f, grad, 1e-7f);
  }

  @Test
  void labelsWithoutTheTrailingAxisAreExpanded() {
    float got = eval(tf -> new BinaryCrossentropy().reduce(tf,
        tf.constant(new float[] {1, 0}), tf.constant(new float[][] {{0.5f}, {0.5f}})));
    assertEquals(Math.log(2), got, 1e-6);
  }
}
