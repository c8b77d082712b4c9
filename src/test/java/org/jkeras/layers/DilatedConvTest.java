package org.jkeras.layers;

import static org.jkeras.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.Eager;
import org.jkeras.backend.Gradients;
import org.jkeras.backend.GraphContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A dilated Conv2D against its definition: a plain convolution with the kernel spread out, zeros
 * between the taps. Forward values, and the gradients of {@code sum(y * g)} with respect to the
 * input and the kernel (the latter read at the taps of the spread kernel), must agree; TF's Conv2D
 * gradient with {@code dilations} got both wrong (src/parity/cases/dilated_conv.py checks against
 * Keras).
 */
class DilatedConvTest {

  @ParameterizedTest(name = "padding {0}, dilation ({1}, {2})")
  @CsvSource({"same, 2, 2", "same, 2, 3", "valid, 2, 2", "valid, 3, 2"})
  void valuesAndGradientsAreThoseOfTheSpreadKernel(String padding, int rh, int rw) {
    Random random = new Random(rh * 10 + rw);
    FloatNdArray x = random(Shape.of(2, 9, 11, 2), random);
    FloatNdArray k = random(Shape.of(3, 3, 2, 3), random);
    FloatNdArray spread = NdArrays.ofFloats(Shape.of(1 + 2 * rh, 1 + 2 * rw, 2, 3));
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        for (int c = 0; c < 2; c++) {
          for (int f = 0; f < 3; f++) {
            spread.setFloat(k.getFloat(i, j, c, f), i * rh, j * rw, c, f);
          }
        }
      }
    }
    Conv2D layer = new Conv2D(3, 3).dilationRate(rh, rw).padding(padding).useBias(false);
    layer.ensureBuilt(Shape.of(-1, 9, 11, 2));
    try (GraphContext graph = new GraphContext()) {
      Ops tf = graph.tf();
      Operand<TFloat32> in = Eager.constant(tf, x);
      Operand<TFloat32> kernel = Eager.constant(tf, k);
      Operand<TFloat32> big = Eager.constant(tf, spread);
      Operand<TFloat32> y = layer.invoke(CallContext.create(tf, true, v -> kernel, tf.constant(0L)), in);
      Operand<TFloat32> ref = tf.nn.conv2d(in, big, List.of(1L, 1L, 1L, 1L), padding.toUpperCase());
      Operand<TFloat32> g = Eager.constant(tf, random(Shape.of(y.shape().asArray()), random));
      Output<?>[] dy = Gradients.add(graph.graph(), sum(tf, tf.math.mul(y, g)).asOutput(),
          new Output<?>[] {in.asOutput(), kernel.asOutput()});
      Output<?>[] dref = Gradients.add(graph.graph(), sum(tf, tf.math.mul(ref, g)).asOutput(),
          new Output<?>[] {in.asOutput(), big.asOutput()});
      try (Result r = graph.runner().fetch(y).fetch(ref).fetch(dy[0]).fetch(dref[0]).fetch(dy[1]).fetch(dref[1]).run()) {
        assertArrayEquals(flat(copy(r.get(1))), flat(copy(r.get(0))), 1e-4f, "forward");
        assertArrayEquals(flat(copy(r.get(3))), flat(copy(r.get(2))), 1e-4f, "input gradient");
        FloatNdArray bigGrad = copy(r.get(5));
        FloatNdArray taps = NdArrays.ofFloats(k.shape());
        taps.scalars().forEachIndexed((idx, s) -> s.setFloat(bigGrad.getFloat(idx[0] * rh, idx[1] * rw, idx[2], idx[3])));
        assertArrayEquals(flat(taps), flat(copy(r.get(4))), 1e-4f, "kernel gradient");
      }
    }
  }

  @Test
  void stridesAndDilationAboveOneAreRefusedAsKerasDoes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Conv2D(2, 3).strides(2).dilationRate(2));
    assertTrue(e.getMessage().contains("`strides > 1` not supported in conjunction with `dilation_rate > 1`"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Conv2D(2, 3).dilationRate(1, 2).strides(2, 1));
  }

  private static Operand<TFloat32> sum(Ops tf, Operand<TFloat32> t) {
    return tf.reduceSum(t, tf.range(tf.constant(0), tf.rank(t), tf.constant(1)));
  }

  private static FloatNdArray copy(org.tensorflow.Tensor t) {
    FloatNdArray out = NdArrays.ofFloats(t.shape());
    ((TFloat32) t).copyTo(out);
    return out;
  }

  private static FloatNdArray random(Shape shape, Random random) {
    FloatNdArray a = NdArrays.ofFloats(shape);
    a.scalars().forEach(s -> s.setFloat((float) random.nextGaussian()));
    return a;
  }
}
