package org.jkeras.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jkeras.TestUtil;
import org.junit.jupiter.api.Test;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

class GradientsTest {

  @Test
  void reluGradientReadsTheActivationOutputAndKeepsItsValues() {
    try (GraphContext ctx = new GraphContext()) {
      Ops tf = ctx.tf();
      // x > 0, x == 0, x < 0, and a NaN (neither > 0 nor passing a gradient)
      Operand<TFloat32> x = tf.constant(new float[] {2f, 0f, -3f, 0.5f, Float.NaN});
      Operand<TFloat32> y = tf.nn.relu(x);
      Operand<TFloat32> loss = tf.reduceSum(tf.math.mul(y, tf.constant(new float[] {1f, 2f, 3f, 4f, 5f})), tf.constant(0));
      Output<?>[] g = Gradients.add(ctx.graph(), loss.asOutput(), new Output<?>[] {x.asOutput()});

      List<GraphOperation> reluGrads = new ArrayList<>();
      for (Iterator<GraphOperation> it = ctx.graph().operations(); it.hasNext();) {
        GraphOperation op = it.next();
        if (op.type().equals("ReluGrad")) {
          reluGrads.add(op);
        }
      }
      assertEquals(1, reluGrads.size());
      assertEquals(y.op().name(), reluGrads.get(0).input(1).op().name(), "ReluGrad's features are the Relu's output");

      try (Result r = ctx.runner().fetch(g[0]).run()) {
        FloatNdArray out = NdArrays.ofFloats(((TFloat32) r.get(0)).shape());
        ((TFloat32) r.get(0)).copyTo(out);
        assertArrayEquals(new float[] {1f, 0f, 0f, 4f, 0f}, TestUtil.flat(out));
      }
    }
  }

  @Test
  void relu6GradientReadsTheActivationOutputAndKeepsItsValues() {
    try (GraphContext ctx = new GraphContext()) {
      Ops tf = ctx.tf();
      // inside (0, 6), both edges, beyond both, and a NaN
      float[] xs = {2f, 0f, -3f, 5.5f, 6f, 7f, Float.NaN};
      Operand<TFloat32> x = tf.constant(xs);
      Operand<TFloat32> y = tf.nn.relu6(x);
      Operand<TFloat32> loss = tf.reduceSum(tf.math.mul(y, tf.constant(new float[] {1f, 2f, 3f, 4f, 5f, 6f, 7f})), tf.constant(0));
      Output<?>[] g = Gradients.add(ctx.graph(), loss.asOutput(), new Output<?>[] {x.asOutput()});

      List<GraphOperation> grads = new ArrayList<>();
      for (Iterator<GraphOperation> it = ctx.graph().operations(); it.hasNext();) {
        GraphOperation op = it.next();
        if (op.type().equals("Relu6Grad")) {
          grads.add(op);
        }
      }
      assertEquals(1, grads.size());
      assertEquals(y.op().name(), grads.get(0).input(1).op().name(), "Relu6Grad's features are the Relu6's output");

      try (Result r = ctx.runner().fetch(g[0]).run()) {
        FloatNdArray out = NdArrays.ofFloats(((TFloat32) r.get(0)).shape());
        ((TFloat32) r.get(0)).copyTo(out);
        // TF's Relu6Grad: dy where 0 < features < 6, else 0 (what the C++ gradient gives on x)
        assertArrayEquals(new float[] {1f, 0f, 0f, 4f, 0f, 0f, 0f}, TestUtil.flat(out));
      }
    }
  }

  /**
   * The gradient of SquaredDifference (BatchNormalization's moments) computes x - y only once the
   * incoming gradient exists, as Python's under control_dependencies([grad]): the Sub TF's C++
   * gradient builds from forward tensors alone would run in the forward pass and stay alive until
   * the backward pass. Same values: the gradient equals the one graph.addGradients builds.
   */
  @Test
  void squaredDifferenceGradientWaitsForTheIncomingGradient() {
    float[] xs = {1.5f, -2f, 0.25f, 7f, 3f, -0.5f};
    float[] expected;
    try (GraphContext plain = new GraphContext()) {
      Output<?>[] g = plain.graph().addGradients(squaredDifferenceLoss(plain.tf(), xs).asOutput(),
          new Output<?>[] {plain.graph().operation("x").output(0)});
      expected = fetch(plain, g[0]);
    }
    try (GraphContext ctx = new GraphContext()) {
      Operand<TFloat32> loss = squaredDifferenceLoss(ctx.tf(), xs);
      Output<?>[] g = Gradients.add(ctx.graph(), loss.asOutput(), new Output<?>[] {ctx.graph().operation("x").output(0)});
      GraphOperation gated = null;
      for (Iterator<GraphOperation> it = ctx.graph().operations(); it.hasNext();) {
        GraphOperation op = it.next();
        if (op.type().equals("Sub") && op.numControlInputs() == 1 && op.consumers(0).size() == 1) {
          gated = op;
        }
      }
      assertNotNull(gated, "a Sub that waits for a control input");
      assertEquals("Identity", gated.controlInputs().iterator().next().type(), "it waits for the incoming gradient");
      assertEquals("Mul", gated.consumers(0).iterator().next().type(), "and feeds the gradient's product");
      assertArrayEquals(expected, fetch(ctx, g[0]), "the same gradient, bit for bit");
    }
  }

  /**
   * The gradient of a Mean multiplies by the reciprocal of the group size, as Keras's traced step
   * does (Grappler folds Python's division by a constant size into that product), not TF's C++
   * division: g * float32(1 / n) bit for bit, over a batch whose size the graph does not know.
   */
  @Test
  void meanGradientMultipliesByTheReciprocalOfTheGroupSize() {
    int n = 7; // 1/7 is not exact in float32: x / 7 and x * (1 / 7f) differ for some x
    float[] w = new float[3 * n];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) Math.exp(0.37 * i) - 3.3f;
    }
    try (GraphContext ctx = new GraphContext()) {
      Ops tf = ctx.tf();
      Operand<TFloat32> x = tf.withName("x").placeholder(TFloat32.class,
          org.tensorflow.op.core.Placeholder.shape(Shape.of(-1, 3)));
      Operand<TFloat32> m = tf.math.mean(x, tf.constant(0));
      Operand<TFloat32> loss = tf.reduceSum(tf.math.mul(m, tf.constant(new float[] {1f, 1f, 1f})), tf.constant(0));
      Output<?>[] g = Gradients.add(ctx.graph(), tf.math.mul(loss, tf.constant(1f)).asOutput(),
          new Output<?>[] {x.asOutput()});
      boolean division = false;
      for (Iterator<GraphOperation> it = ctx.graph().operations(); it.hasNext();) {
        GraphOperation op = it.next();
        division |= (op.type().equals("Div") || op.type().equals("RealDiv")) && op.output(0).dataType()
            == org.tensorflow.proto.DataType.DT_FLOAT && (op.numConsumers(0) > 0 || op.output(0).equals(g[0]));
      }
      org.junit.jupiter.api.Assertions.assertFalse(division, "no floating division read");
      // the product taken over the reduced gradient (one value per group), then tiled: Tile(g * c),
      // not Tile(g) * c over the whole input's size
      assertEquals("Tile", g[0].op().type(), "the gradient is the tiled product");
      assertEquals("Mul", ((GraphOperation) g[0].op()).input(0).op().type());
      // d loss / dx[i][j] = 1 / n for every element, the incoming 1 times the reciprocal
      try (TFloat32 feed = TFloat32.tensorOf(Shape.of(n, 3)); Result r = ctx.runner().feed(x, feed).fetch(g[0]).run()) {
        FloatNdArray v = NdArrays.ofFloats(Shape.of(n, 3));
        ((TFloat32) r.get(0)).copyTo(v);
        for (float f : TestUtil.flat(v)) {
          assertEquals(Float.floatToIntBits(1f * (1f / n)), Float.floatToIntBits(f));
        }
      }
      // and a product: with an incoming gradient w (a weighted sum of the mean), w * (1 / n), not w / n
      Operand<TFloat32> mw = tf.math.mean(tf.math.mul(x, tf.constant(new float[][] {{1f, 1f, 1f}})), tf.constant(0));
      Operand<TFloat32> weighted = tf.reduceSum(tf.math.mul(tf.expandDims(mw, tf.constant(0)),
          tf.reshape(tf.constant(w), tf.constant(new int[] {n, 3}))), tf.constant(new int[] {0, 1}));
      Output<?>[] gw = Gradients.add(ctx.graph(), weighted.asOutput(), new Output<?>[] {x.asOutput()});
      try (TFloat32 feed = TFloat32.tensorOf(Shape.of(n, 3)); Result r = ctx.runner().feed(x, feed).fetch(gw[0]).run()) {
        FloatNdArray v = NdArrays.ofFloats(Shape.of(n, 3));
        ((TFloat32) r.get(0)).copyTo(v);
        float[] got = TestUtil.flat(v);
        int differ = 0;
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < 3; j++) {
            float sum = 0;
            for (int k = 0; k < n; k++) {
              sum += w[k * 3 + j];
            }
            float product = sum * (1f / n);
            assertEquals(Float.floatToIntBits(product), Float.floatToIntBits(got[i * 3 + j]), "x[" + i + "][" + j + "]");
            differ += product != sum / n ? 1 : 0;
          }
        }
        org.junit.jupiter.api.Assertions.assertTrue(differ > 0, "the check can tell a product from a division");
      }
    }
  }

  /**
   * BatchNormalization's variance, mean((x - stop_gradient(mean(x)))^2): the gradient of the
   * SquaredDifference reads the variance's gradient per column and broadcasts it, instead of the
   * tiled copy TF's Mean gradient writes out (no product reads a Tile); the same values bit for bit
   * as TF's own gradient (a group size of 8, whose reciprocal is exact, so division and product
   * agree too).
   */
  @Test
  void varianceGradientReadsTheUntiledMeanGradient() {
    int n = 8;
    float[] xs = new float[n * 3];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = (float) Math.sin(1.7 * i) * (1 + i);
    }
    float[] expected;
    try (GraphContext plain = new GraphContext()) {
      Output<?>[] g = plain.graph().addGradients(varianceLoss(plain.tf(), xs, n).asOutput(),
          new Output<?>[] {plain.graph().operation("x").output(0)});
      expected = fetch(plain, g[0]);
    }
    try (GraphContext ctx = new GraphContext()) {
      Output<?>[] g = Gradients.add(ctx.graph(), varianceLoss(ctx.tf(), xs, n).asOutput(),
          new Output<?>[] {ctx.graph().operation("x").output(0)});
      // the product 2 * (x - mean) (its Sub the one that waits for the gradient), and what reads it
      int products = 0;
      for (Iterator<GraphOperation> it = ctx.graph().operations(); it.hasNext();) {
        GraphOperation op = it.next();
        if (op.type().equals("Sub") && op.numControlInputs() == 1 && op.numConsumers(0) == 1) {
          for (GraphOperation reader : op.consumers(0).iterator().next().consumers(0)) {
            if (reader.type().equals("Mul") && reader.numConsumers(0) > 0) { // a rewired op stays, unread
              products++;
              for (int i = 0; i < reader.numInputs(); i++) {
                org.junit.jupiter.api.Assertions.assertNotEquals("Tile", reader.input(i).op().type(), reader.name() + " reads a Tile");
              }
            }
          }
        }
      }
      assertEquals(1, products, "one product of 2 (x - mean) and the variance's gradient");
      assertArrayEquals(expected, fetch(ctx, g[0]), "the same gradient, bit for bit");
    }
  }

  private static Operand<TFloat32> varianceLoss(Ops tf, float[] xs, int n) {
    Operand<TFloat32> x = tf.withName("x").identity(tf.reshape(tf.constant(xs), tf.constant(new int[] {n, 3})));
    Operand<TFloat32> mean = tf.stopGradient(tf.math.mean(x, tf.constant(0), Mean.keepDims(true)));
    Operand<TFloat32> v = tf.math.mean(tf.math.squaredDifference(x, mean), tf.constant(0), Mean.keepDims(true));
    return tf.reduceSum(tf.math.mul(v, tf.constant(new float[][] {{1.5f, -2f, 3.25f}})), tf.constant(new int[] {0, 1}));
  }

  /** sum(w * (x - mean(x))^2), BatchNormalization's variance shape: SquaredDifference with a stop-gradient mean. */
  private static Operand<TFloat32> squaredDifferenceLoss(Ops tf, float[] xs) {
    Operand<TFloat32> x = tf.withName("x").identity(tf.constant(xs));
    Operand<TFloat32> mean = tf.stopGradient(tf.math.mean(x, tf.constant(0), Mean.keepDims(true)));
    Operand<TFloat32> sq = tf.math.squaredDifference(x, mean);
    return tf.reduceSum(tf.math.mul(sq, tf.constant(new float[] {1f, 2f, 3f, 4f, 5f, 6f})), tf.constant(0));
  }

  private static float[] fetch(GraphContext ctx, Output<?> out) {
    try (Result r = ctx.runner().fetch(out).run()) {
      FloatNdArray v = NdArrays.ofFloats(((TFloat32) r.get(0)).shape());
      ((TFloat32) r.get(0)).copyTo(v);
      return TestUtil.flat(v);
    }
  }

  @Test
  void switchAndMergePassTheGradientThroughTheTakenBranchOnly() {
    // chosen 1: x * 3; chosen 0: x * 2; anything else: x as it is (the passthrough branch)
    for (float chosen : new float[] {0f, 1f, 7f}) {
      Gradients.registerSwitchMergeGradients();
      try (GraphContext ctx = new GraphContext()) {
        Ops tf = ctx.tf();
        Operand<TFloat32> x = tf.constant(new float[] {1f, 2f});
        Operand<TFloat32> c = tf.constant(chosen);
        List<Operand<TFloat32>> branches = new ArrayList<>();
        Operand<org.tensorflow.types.TBool> none = tf.constant(true);
        for (int k = 0; k < 2; k++) {
          Operand<org.tensorflow.types.TBool> taken = tf.math.equal(c, tf.constant((float) k));
          none = tf.math.logicalAnd(none, tf.math.logicalNot(taken));
          branches.add(tf.math.mul(tf.switchCond(x, taken).outputTrue(), tf.constant(k + 2f)));
        }
        branches.add(tf.switchCond(x, none).outputTrue());
        Operand<TFloat32> y = tf.merge(branches).output();
        Operand<TFloat32> loss = tf.reduceSum(tf.math.mul(y, tf.constant(new float[] {1f, 10f})), tf.constant(0));
        Output<?>[] g = Gradients.add(ctx.graph(), loss.asOutput(), new Output<?>[] {x.asOutput()});
        try (Result r = ctx.runner().fetch(y).fetch(g[0]).run()) {
          float factor = chosen == 0f ? 2f : chosen == 1f ? 3f : 1f;
          FloatNdArray value = NdArrays.ofFloats(Shape.of(2));
          ((TFloat32) r.get(0)).copyTo(value);
          assertArrayEquals(new float[] {factor, 2 * factor}, TestUtil.flat(value), "value, chosen " + chosen);
          FloatNdArray grad = NdArrays.ofFloats(Shape.of(2));
          ((TFloat32) r.get(1)).copyTo(grad);
          assertArrayEquals(new float[] {factor, 10 * factor}, TestUtil.flat(grad), "gradient, chosen " + chosen);
        }
      }
    }
  }

  @Test
  void moreThanTenRegisteredGradientsAllWork() {
    // JavaCPP serves at most 10 callbacks of one class: each registered gradient used to take one,
    // and calling the 11th crashed the JVM. Register eleven, then use the last ones.
    Gradients.registerSparseSoftmaxCrossEntropyGradient();
    Gradients.registerImageProjectiveTransformGradient();
    for (String op : List.of("Round", "Bincount", "LeftShift", "RightShift", "RGBToHSV", "HSVToRGB", "OnesLike")) {
      Gradients.registerZeroGradient(op);
    }
    Gradients.registerSwitchMergeGradients();
    try (GraphContext ctx = new GraphContext()) {
      Ops tf = ctx.tf();
      Operand<TFloat32> x = tf.constant(new float[] {1.4f, 2.6f});
      Operand<org.tensorflow.types.TBool> yes = tf.constant(true);
      Operand<TFloat32> through = tf.merge(List.of(tf.switchCond(x, yes).outputTrue())).output();
      Operand<TFloat32> loss = tf.reduceSum(tf.math.add(tf.math.mul(through, tf.constant(3f)), tf.math.round(x)), tf.constant(0));
      Output<?>[] g = Gradients.add(ctx.graph(), loss.asOutput(), new Output<?>[] {x.asOutput()});
      try (Result r = ctx.runner().fetch(g[0]).run()) {
        FloatNdArray grad = NdArrays.ofFloats(Shape.of(2));
        ((TFloat32) r.get(0)).copyTo(grad);
        assertArrayEquals(new float[] {3f, 3f}, TestUtil.flat(grad), "3 through Switch and Merge, 0 through Round");
      }
    }
  }
}
