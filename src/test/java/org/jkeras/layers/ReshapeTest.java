package org.jkeras.layers;

import static org.jkeras.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.jkeras.backend.CallContext;
import org.jkeras.backend.GraphContext;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** Reshape's -1: resolved from known sample dimensions, left to TF when a sample dimension is unknown (as Keras). */
class ReshapeTest {

  @Test
  void minusOneIsResolvedWhenTheInputIsKnown() {
    assertArrayEquals(new long[] {-1, 3, 2}, new Reshape(-1, 2).computeOutputShape(Shape.of(-1, 2, 3)).asArray());
  }

  @Test
  void minusOneStaysUnknownForAnUnknownSampleDimensionAndTheRunResolvesIt() {
    Reshape r = new Reshape(-1, 2);
    assertArrayEquals(new long[] {-1, -1, 2}, r.computeOutputShape(Shape.of(-1, -1, 3)).asArray());
    r.ensureBuilt(Shape.of(-1, -1, 3));
    FloatNdArray x = NdArrays.ofFloats(Shape.of(2, 4, 3));
    float[] v = {0};
    x.scalars().forEach(s -> s.setFloat(v[0]++));
    try (GraphContext g = new GraphContext()) {
      Placeholder<TFloat32> in = g.tf().placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, 3)));
      Operand<TFloat32> y = r.invoke(CallContext.of(g, g.tf(), false), in);
      try (TFloat32 t = TFloat32.tensorOf(x.shape())) {
        x.copyTo(t);
        try (Result res = g.runner().feed(in, t).fetch(y).run()) {
          TFloat32 out = (TFloat32) res.get(0);
          assertArrayEquals(new long[] {2, 6, 2}, out.shape().asArray());
          FloatNdArray a = NdArrays.ofFloats(out.shape());
          out.copyTo(a);
          assertArrayEquals(flat(x), flat(a));
        }
      }
    }
  }
}
