package org.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.DTypes;
import org.jkeras.backend.GraphContext;
import org.jkeras.backend.KerasVariable;
import org.jkeras.dtypepolicies.MixedPrecision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * What {@link MixedPrecisionLayersTest} (inference calls) does not reach: the noise layers in
 * training, whose noise and scales must be in the input's dtype, and Embedding, whose indices must
 * not be rounded to bfloat16.
 */
class MixedPrecisionCallsTest {

  static Stream<Arguments> noiseLayers() {
    return Stream.of(
        Arguments.of("GaussianNoise", (Supplier<Layer>) () -> new GaussianNoise(0.5, 3L)),
        Arguments.of("GaussianDropout", (Supplier<Layer>) () -> new GaussianDropout(0.3, 3L)),
        Arguments.of("SpatialDropout2D", (Supplier<Layer>) () -> new SpatialDropout2D(0.5, 3L)));
  }

  /**
   * In training, under mixed_bfloat16, the layer outputs bfloat16 within bfloat16 rounding (2^-7 of
   * the largest value: the input, the noise and the result each rounded) of the same layer with the
   * same seed in float32: the same noise, drawn in float32, applied in bfloat16.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("noiseLayers")
  void noiseLayerTrainsInBfloat16(String name, Supplier<Layer> make) {
    Layer reference = make.get();
    Layer mixed;
    try (MixedPrecision.Scope s = MixedPrecision.policyScope("mixed_bfloat16")) {
      mixed = make.get();
    }
    Shape shape = Shape.of(2, 3, 3, 4);
    try (GraphContext ctx = new GraphContext()) {
      Ops tf = ctx.tf();
      float[] data = new float[(int) shape.size()];
      for (int i = 0; i < data.length; i++) {
        data[i] = (i % 7) / 7f - 0.4f;
      }
      Operand<TFloat32> x = tf.reshape(tf.constant(data), tf.constant(shape.asArray()));
      Operand<TFloat32> expected = reference.invoke(CallContext.of(ctx, tf.withSubScope("f32"), true), List.of(x)).get(0);
      Operand<TFloat32> y = mixed.invoke(CallContext.of(ctx, tf.withSubScope("bf16"), true), List.of(x)).get(0);
      assertEquals("bfloat16", DTypes.dtypeOf(y));
      try (Result r = ctx.runner().fetch(expected).fetch(DTypes.toFloat32(tf, y)).run()) {
        float[] a = values((TFloat32) r.get(0));
        float[] b = values((TFloat32) r.get(1));
        double scale = 0;
        double worst = 0;
        boolean changed = false;
        for (int i = 0; i < a.length; i++) {
          scale = Math.max(scale, Math.abs(a[i]));
          worst = Math.max(worst, Math.abs(a[i] - b[i]));
          changed |= Math.abs(a[i] - data[i]) > 1e-3;
        }
        assertTrue(changed, name + " did not change its input in training: the check below would prove nothing");
        assertTrue(worst <= Math.pow(2, -7) * scale, name + ": bfloat16 output " + worst + " from float32's (largest " + scale + ")");
      }
    }
  }

  /**
   * Under mixed_bfloat16 the rows of indices 999 and 257 (which bfloat16 rounds to 1000 and 256)
   * are gathered, and the output is exactly the float32 rows rounded to bfloat16, as Keras's
   * Embedding ({@code autocast = False}, output cast to the compute dtype).
   */
  @Test
  void embeddingGathersIndicesAbove256() {
    Embedding reference = new Embedding(1000, 4);
    Embedding mixed;
    try (MixedPrecision.Scope s = MixedPrecision.policyScope("mixed_bfloat16")) {
      mixed = new Embedding(1000, 4);
    }
    reference.ensureBuilt(List.of(Shape.of(-1, 3)));
    mixed.ensureBuilt(List.of(Shape.of(-1, 3)));
    mixed.setWeights(reference.getWeights());
    try (GraphContext ctx = new GraphContext()) {
      for (KerasVariable v : List.of(reference.embeddings(), mixed.embeddings())) {
        v.materialize(ctx);
      }
      Ops tf = ctx.tf();
      Operand<TFloat32> x = tf.constant(new float[][] {{999, 257, 3}});
      Operand<TFloat32> expected = reference.invoke(CallContext.of(ctx, tf.withSubScope("f32"), false), List.of(x)).get(0);
      Operand<TFloat32> y = mixed.invoke(CallContext.of(ctx, tf.withSubScope("bf16"), false), List.of(x)).get(0);
      assertEquals("bfloat16", DTypes.dtypeOf(y));
      try (Result r = ctx.runner().fetch(DTypes.toFloat32(tf, DTypes.cast(tf, expected, "bfloat16")))
          .fetch(DTypes.toFloat32(tf, y)).run()) {
        assertArrayEquals(values((TFloat32) r.get(0)), values((TFloat32) r.get(1)));
      }
    }
  }

  private static float[] values(TFloat32 t) {
    float[] out = new float[(int) t.shape().size()];
    t.asRawTensor().data().asFloats().read(out);
    return out;
  }
}
