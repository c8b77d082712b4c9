package org.jkeras.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.jkeras.TestUtil;
import org.jkeras.initializers.Constant;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class KerasVariableUpdatesTest {

  @Test
  void aStepComputesWithTheValueItReadBeforeItsUpdate() {
    KerasVariable w = new KerasVariable("layer/w", Shape.of(3), new Constant(2f), true);
    try (GraphContext ctx = new GraphContext()) {
      w.materialize(ctx);
      Ops tf = ctx.tf();
      Operand<TFloat32> used = tf.math.mul(w.value(), tf.constant(10f));
      Op update = w.assignSub(tf, tf.constant(new float[] {1f, 2f, 3f}));
      Operand<TFloat32> after = w.read(tf.withControlDependencies(List.of(update)));
      try (Result r = ctx.runner().fetch(used).fetch(after).run()) {
        assertArrayEquals(new float[] {20f, 20f, 20f}, flat((TFloat32) r.get(0)));
        assertArrayEquals(new float[] {1f, 0f, -1f}, flat((TFloat32) r.get(1)));
      }
      assertArrayEquals(new float[] {1f, 0f, -1f}, TestUtil.flat(w.getValue()));
    }
  }

  @Test
  void assignSubOverRootHasTheBitsOfKerasFiveOps() {
    // Keras's Adam ends with assign_sub(w, m * alpha / (sqrt(v) + eps)); the fused kernel must give
    // exactly those float32 results, over magnitudes from denormals to 1e9 and signed zeros.
    int n = 1_000_003;
    Random r = new Random(7);
    float[] w = new float[n];
    float[] m = new float[n];
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      double scale = Math.pow(10, r.nextInt(50) - 40);
      w[i] = (float) (r.nextGaussian() * (r.nextInt(4) == 0 ? scale : 0.05));
      m[i] = (float) (r.nextGaussian() * scale);
      v[i] = (float) Math.abs(r.nextGaussian() * scale * scale);
      int k = r.nextInt(1000);
      if (k == 0) {
        m[i] = 0f;
      } else if (k == 1) {
        m[i] = -0f;
      } else if (k == 2) {
        v[i] = 0f;
      } else if (k == 3) {
        w[i] = -0f;
      }
    }
    Shape shape = Shape.of(n);
    KerasVariable weight = new KerasVariable("dense/kernel", shape, new Constant(0f), true);
    KerasVariable velocity = new KerasVariable("adam/velocity", shape, new Constant(0f), false);
    weight.assign(NdArrays.wrap(shape, DataBuffers.of(w, true, false)));
    velocity.assign(NdArrays.wrap(shape, DataBuffers.of(v, true, false)));
    try (GraphContext ctx = new GraphContext()) {
      weight.materialize(ctx);
      velocity.materialize(ctx);
      Ops tf = ctx.tf();
      Placeholder<TFloat32> mIn = tf.placeholder(TFloat32.class, Placeholder.shape(shape));
      Placeholder<TFloat32> alpha = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      Operand<TFloat32> eps = tf.constant(1e-7f);
      Operand<TFloat32> keras = tf.math.sub(weight.value(),
          tf.math.div(tf.math.mul(mIn, alpha), tf.math.add(tf.math.sqrt(velocity.value()), eps)));
      Op fused = weight.assignSubOverRoot(tf, mIn, alpha, velocity, eps);
      Operand<TFloat32> after = weight.read(tf.withControlDependencies(List.of(fused)));
      try (TFloat32 mt = TFloat32.tensorOf(shape, DataBuffers.of(m, true, false));
          TFloat32 at = TFloat32.scalarOf(1.2345e-4f);
          Result res = ctx.runner().feed(mIn, mt).feed(alpha, at).fetch(keras).fetch(after).run()) {
        assertEquals(0, differingBits(flat((TFloat32) res.get(0)), flat((TFloat32) res.get(1))),
            "values whose bits differ");
      }
      assertArrayEquals(v, TestUtil.flat(velocity.getValue()), "the denominator variable is left alone");
    }
  }

  @Test
  void assignAddProductHasTheBitsOfKerasTwoOps() {
    // Adam's m.assign_add((g - m) * (1 - beta_1)): the product and the addition in one kernel must
    // give exactly Keras's float32 results, from denormals to 1e9, signed zeros included.
    int n = 1_000_003;
    Random r = new Random(11);
    float[] x = new float[n];
    float[] d = new float[n];
    for (int i = 0; i < n; i++) {
      double scale = Math.pow(10, r.nextInt(50) - 40);
      x[i] = (float) (r.nextGaussian() * scale);
      d[i] = (float) (r.nextGaussian() * (r.nextInt(3) == 0 ? scale : scale * 1e-3));
      int k = r.nextInt(500);
      if (k == 0) {
        x[i] = 0f;
      } else if (k == 1) {
        x[i] = -0f;
      } else if (k == 2) {
        d[i] = -0f;
      } else if (k == 3) {
        d[i] = 0f;
      } else if (k == 4) {
        d[i] = -x[i];
      }
    }
    Shape shape = Shape.of(n);
    for (float factor : new float[] {(float) (1 - 0.9), (float) (1 - 0.999), 1f, -0.5f}) {
      KerasVariable slot = new KerasVariable("adam/momentum", shape, new Constant(0f), false);
      slot.assign(NdArrays.wrap(shape, DataBuffers.of(x, true, false)));
      try (GraphContext ctx = new GraphContext()) {
        slot.materialize(ctx);
        Ops tf = ctx.tf();
        Placeholder<TFloat32> delta = tf.placeholder(TFloat32.class, Placeholder.shape(shape));
        Operand<TFloat32> f = tf.constant(factor);
        Operand<TFloat32> keras = tf.math.add(slot.value(), tf.math.mul(delta, f));
        Op fused = slot.assignAddProduct(tf, delta, f);
        Operand<TFloat32> after = slot.read(tf.withControlDependencies(List.of(fused)));
        try (TFloat32 dt = TFloat32.tensorOf(shape, DataBuffers.of(d, true, false));
            Result res = ctx.runner().feed(delta, dt).fetch(keras).fetch(after).run()) {
          assertEquals(0, differingBits(flat((TFloat32) res.get(0)), flat((TFloat32) res.get(1))),
              "values whose bits differ with factor " + factor);
        }
      }
    }
  }

  /** How many of the values differ in their bits (a NaN or a signed zero counts as its bits). */
  private static int differingBits(float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length);
    int differ = 0;
    for (int i = 0; i < expected.length; i++) {
      differ += Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i]) ? 1 : 0;
    }
    return differ;
  }

  private static float[] flat(TFloat32 t) {
    FloatNdArray a = NdArrays.ofFloats(t.shape());
    t.copyTo(a);
    return TestUtil.flat(a);
  }
}
