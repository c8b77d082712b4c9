package org.jkeras.layers;

import static org.jkeras.TestUtil.array;
import static org.jkeras.TestUtil.flat;
import static org.jkeras.TestUtil.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jkeras.backend.Shapes;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;

class LayersTest {

  @Test
  void denseComputesXTimesKernelPlusBiasThenActivation() {
    Dense d = new Dense(2).activation("relu");
    FloatNdArray x = array(new float[] {1, 2, 3}, new float[] {-1, 0, 1});
    FloatNdArray kernel = array(new float[] {1, -1}, new float[] {0.5f, 2}, new float[] {-1, 0});
    FloatNdArray bias = StdArrays.ndCopyOf(new float[] {1.5f, -2});
    // x @ kernel: row 0 = [1 + 1 - 3, -1 + 4 + 0] = [-1, 3]; row 1 = [-1 + 0 - 1, 1 + 0 + 0] = [-2, 1]
    Dense lin = new Dense(2);
    assertArrayEquals(new float[] {0.5f, 1f, -0.5f, -1f}, flat(run(lin, x, false, List.of(kernel, bias))), 1e-6f);
    assertArrayEquals(new float[] {0.5f, 1f, 0f, 0f}, flat(run(d, x, false, List.of(kernel, bias))), 1e-6f);
  }

  @Test
  void conv2dValidPaddingMatchesHandComputedValues() {
    // 1x3x3x1 input, one 2x2 filter of ones, bias 1: every output is the window sum + 1.
    FloatNdArray x = NdArrays.ofFloats(Shape.of(1, 3, 3, 1));
    float v = 1;
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        x.setFloat(v++, 0, i, j, 0);
      }
    }
    Conv2D conv = new Conv2D(1, 2, 2);
    FloatNdArray kernel = NdArrays.ofFloats(Shape.of(2, 2, 1, 1));
    kernel.scalars().forEach(s -> s.setFloat(1f));
    FloatNdArray y = run(conv, x, false, List.of(kernel, StdArrays.ndCopyOf(new float[] {1})));
    assertEquals(Shape.of(1, 2, 2, 1), y.shape());
    // windows: 1+2+4+5=12, 2+3+5+6=16, 4+5+7+8=24, 5+6+8+9=28
    assertArrayEquals(new float[] {13, 17, 25, 29}, flat(y), 1e-5f);
  }

  @Test
  void conv2dSamePaddingAndStridesKeepKerasShapes() {
    Conv2D conv = new Conv2D(4, 3).padding("same").strides(2);
    assertArrayEquals(new long[] {-1, 4, 4, 4}, conv.computeOutputShape(Shape.of(-1, 7, 7, 3)).asArray());
    FloatNdArray y = run(conv, NdArrays.ofFloats(Shape.of(2, 7, 7, 3)), false, null);
    assertEquals(Shape.of(2, 4, 4, 4), y.shape());
  }

  @Test
  void maxPoolingTakesTheWindowMaximum() {
    FloatNdArray x = NdArrays.ofFloats(Shape.of(1, 4, 4, 1));
    float v = 0;
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        x.setFloat(v++, 0, i, j, 0);
      }
    }
    FloatNdArray y = run(new MaxPooling2D(2, 2), x, false, null);
    assertArrayEquals(new float[] {5, 7, 13, 15}, flat(y));
    assertArrayEquals(new long[] {-1, 1, 1, 2}, new MaxPooling2D().computeOutputShape(Shape.of(-1, 3, 3, 2)).asArray());
  }

  @Test
  void maxPoolingGradientGoesToEachWindowsMaximum() {
    // 4x4 input 0..15 in 2x2 windows: the maxima are at (1,1), (1,3), (3,1), (3,3).
    MaxPooling2D pool = new MaxPooling2D(2, 2);
    pool.ensureBuilt(Shape.of(-1, 4, 4, 1));
    try (org.jkeras.backend.GraphContext ctx = new org.jkeras.backend.GraphContext()) {
      org.tensorflow.op.Ops tf = ctx.tf();
      float[][][][] in = new float[1][4][4][1];
      for (int i = 0; i < 16; i++) {
        in[0][i / 4][i % 4][0] = i;
      }
      org.tensorflow.Operand<org.tensorflow.types.TFloat32> x = tf.constant(in);
      org.tensorflow.Operand<org.tensorflow.types.TFloat32> y = pool.invoke(org.jkeras.backend.CallContext.of(ctx, tf, true), x);
      assertEquals("MaxPool", y.op().type());
      org.tensorflow.Output<?>[] g = ctx.graph().addGradients(tf.reduceSum(y, tf.constant(new int[] {0, 1, 2, 3})).asOutput(),
          new org.tensorflow.Output<?>[] {x.asOutput()});
      try (org.tensorflow.Result r = ctx.runner().fetch(g[0]).run()) {
        FloatNdArray out = NdArrays.ofFloats(Shape.of(1, 4, 4, 1));
        ((org.tensorflow.types.TFloat32) r.get(0)).copyTo(out);
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1}, flat(out));
      }
    }
  }

  @Test
  void flattenKeepsRowMajorOrder() {
    FloatNdArray x = NdArrays.ofFloats(Shape.of(2, 2, 2, 2));
    float v = 0;
    for (long i = 0; i < 16; i++) {
      x.setFloat(v++, i / 8, i / 4 % 2, i / 2 % 2, i % 2);
    }
    FloatNdArray y = run(new Flatten(), x, false, null);
    assertEquals(Shape.of(2, 8), y.shape());
    float[] expected = new float[16];
    for (int i = 0; i < 16; i++) {
      expected[i] = i;
    }
    assertArrayEquals(expected, flat(y));
  }

  @Test
  void dropoutScalesKeptUnitsInTrainingAndIsIdentityAtInference() {
    FloatNdArray x = NdArrays.ofFloats(Shape.of(4, 1000));
    x.scalars().forEach(s -> s.setFloat(2f));
    Dropout d = new Dropout(0.25, 7L);
    float[] train = flat(run(d, x, true, null));
    int zeros = 0;
    for (float f : train) {
      if (f == 0f) {
        zeros++;
      } else {
        assertEquals(2f / 0.75f, f, 1e-6f, "kept units are scaled by 1/(1-rate)");
      }
    }
    double dropped = zeros / 4000.0;
    assertTrue(dropped > 0.2 && dropped < 0.3, "about a quarter dropped, got " + dropped);
    float[] infer = flat(run(new Dropout(0.25, 7L), x, false, null));
    for (float f : infer) {
      assertEquals(2f, f);
    }
  }

  @Test
  void activationLayerAppliesItsFunction() {
    FloatNdArray y = run(new Activation("sigmoid"), StdArrays.ndCopyOf(new float[][] {{0f, 2f}}), false, null);
    assertArrayEquals(new float[] {0.5f, (float) (1 / (1 + Math.exp(-2)))}, flat(y), 1e-6f);
  }

  @Test
  void parameterCountsAndOutputShapesFollowKeras() {
    Conv2D c = new Conv2D(32, 3, 3);
    c.ensureBuilt(Shape.of(-1, 224, 224, 3));
    assertEquals(896, c.countParams());
    assertEquals("(None, 222, 222, 32)", Shapes.format(c.computeOutputShape(Shape.of(-1, 224, 224, 3))));
    Dense d = new Dense(512);
    d.ensureBuilt(Shape.of(-1, 86528));
    assertEquals(44_302_848, d.countParams());
    assertEquals(2, d.weights().size());
    assertEquals("(None, 86528)", Shapes.format(new Flatten().computeOutputShape(Shape.of(-1, 26, 26, 128))));
  }

  @Test
  void invalidArgumentsNameTheArgument() {
    var e = assertThrows(IllegalArgumentException.class, () -> new Dense(-3));
    assertTrue(e.getMessage().contains("units=-3"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5));
    assertTrue(e.getMessage().contains("rate=1.5"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Conv2D(8, 3).padding("full"));
    assertTrue(e.getMessage().contains("padding=full"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Conv2D(8, 3).activation("relux"));
    assertTrue(e.getMessage().contains("relux"), e.getMessage());
  }

  @Test
  void layerRejectsAnInputOfAnotherShapeOnceBuilt() {
    Dense d = new Dense(2);
    d.ensureBuilt(Shape.of(-1, 4));
    var e = assertThrows(IllegalArgumentException.class, () -> d.ensureBuilt(Shape.of(-1, 5)));
    assertTrue(e.getMessage().contains("(None, 4)") && e.getMessage().contains("(None, 5)"), e.getMessage());
  }
}
