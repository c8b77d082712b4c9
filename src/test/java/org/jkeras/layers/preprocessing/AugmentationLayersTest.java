package org.jkeras.layers.preprocessing;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;
import static org.jkeras.TestUtil.flat;
import static org.jkeras.TestUtil.run;
import static org.jkeras.layers.preprocessing.PreprocessingLayersTest.images;
import static org.jkeras.layers.preprocessing.PreprocessingLayersTest.train;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.jkeras.backend.Eager;
import org.jkeras.backend.GraphContext;
import org.jkeras.layers.Conv2D;
import org.jkeras.layers.Dense;
import org.jkeras.layers.Flatten;
import org.jkeras.layers.Layer;
import org.jkeras.models.Model;
import org.jkeras.models.Models;
import org.jkeras.models.Sequential;
import org.jkeras.optimizers.SGD;
import org.jkeras.random.Seeds;
import org.jkeras.saving.Serialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Issue 15's augmentation layers: identity at inference (but AutoContrast and CenterCrop, as in
 * Keras), seeded draws, per-image randomness, values worked out by hand for given transformations,
 * configs, argument errors, training behind a trained layer, and saving a model. The parity case
 * {@code keras_augmentation_layers} compares each with Keras itself.
 */
class AugmentationLayersTest {

  static List<BaseImagePreprocessingLayer> randomLayers() {
    return List.of(new RandomErasing().seed(1L), new RandomGaussianBlur().seed(2L), new RandomGrayscale().seed(3L),
        new RandomHue(0.5).seed(4L), new RandomSaturation(0.5).seed(5L), new RandomSharpness(0.9).seed(6L),
        new RandomShear(0.3, 0.3).seed(7L), new RandomPerspective().seed(8L),
        new RandomColorJitter().brightnessFactor(0.3).hueFactor(0.2).seed(9L), new RandomColorDegeneration(0.8).seed(10L),
        new RandomInvert().seed(11L), new RandomPosterization(3).seed(12L), new Solarization(0.5, 0.5).seed(13L),
        new MixUp().seed(14L), new CutMix().seed(15L), new RandAugment().seed(16L), new AugMix().seed(17L),
        new Equalization());
  }

  /** {@code transformImages} of {@code layer} on {@code x} with the given (batch, k) transformation. */
  static FloatNdArray apply(BaseImagePreprocessingLayer layer, FloatNdArray x, float[][] t) {
    return withGraph((tf, in) -> layer.transformImages(tf, in, tf.constant(t)), x);
  }

  static FloatNdArray withGraph(BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> f, FloatNdArray x) {
    try (GraphContext ctx = new GraphContext()) {
      Ops tf = ctx.tf();
      Operand<TFloat32> y = f.apply(tf, Eager.constant(tf, x));
      try (Result r = ctx.runner().fetch(y).run()) {
        TFloat32 v = (TFloat32) r.get(0);
        FloatNdArray out = NdArrays.ofFloats(v.shape());
        v.copyTo(out);
        return out;
      }
    }
  }

  @Test
  void randomLayersAreTheIdentityAtInferenceAndChangeImagesInTraining() {
    FloatNdArray x = images(8, 9, 11, 3);
    for (BaseImagePreprocessingLayer l : randomLayers()) {
      assertArrayEquals(flat(x), flat(run(l, x, false, null)), 0f, l.className() + " at inference");
      FloatNdArray y = train(l, x, 1);
      assertEquals(x.shape(), y.shape(), l.className());
      if (!(l instanceof MixUp) && !(l instanceof CutMix)) { // the 8 copies are alike: mixing them changes nothing
        assertFalse(Arrays.equals(flat(x), flat(y)), l.className() + " in training");
      }
    }
  }

  @Test
  void autoContrastAndCenterCropApplyAtInferenceToo() {
    FloatNdArray x = images(2, 9, 11, 3);
    assertEquals(Shape.of(2, 5, 4, 3), run(new CenterCrop(5, 4), x, false, null).shape());
    assertArrayEquals(flat(run(new AutoContrast(), x, true, null)), flat(run(new AutoContrast(), x, false, null)), 0f);
    assertFalse(Arrays.equals(flat(x), flat(run(new AutoContrast(), x, false, null))));
  }

  @Test
  void sameSeedSameStepSameOutputAndEachStepDrawsAnew() {
    FloatNdArray x = images(6, 8, 8, 3);
    for (BaseImagePreprocessingLayer l : randomLayers()) {
      if (l instanceof Equalization || l instanceof MixUp || l instanceof CutMix) {
        continue;
      }
      assertArrayEquals(flat(train(l, x, 5)), flat(train(l, x, 5)), 0f, l.className());
      assertFalse(Arrays.equals(flat(train(l, x, 5)), flat(train(l, x, 6))), l.className());
    }
  }

  @Test
  void drawsArePerImageWhereKerasDrawsPerImage() {
    FloatNdArray x = images(32, 6, 6, 3);
    for (BaseImagePreprocessingLayer l : List.of(new RandomErasing().seed(1L), new RandomHue(0.5).seed(2L),
        new RandomShear(0.3, 0.3).seed(3L), new RandomPerspective().seed(4L), new RandomInvert().seed(5L),
        new RandomSharpness(0.9).seed(6L), new Solarization(0.5, 0.5).seed(7L), new RandAugment().seed(8L))) {
      FloatNdArray y = train(l, x, 2);
      Set<String> distinct = new HashSet<>();
      for (int i = 0; i < 32; i++) {
        distinct.add(Arrays.toString(flat(y.get(i))));
      }
      assertTrue(distinct.size() > 1, l.className() + " gives the 32 copies different outputs");
    }
  }

  @Test
  void singleImagesWork() {
    FloatNdArray x = images(1, 7, 7, 3).get(0);
    for (BaseImagePreprocessingLayer l : randomLayers()) {
      assertEquals(Shape.of(7, 7, 3), train(l, x, 1).shape(), l.className());
    }
    assertEquals(Shape.of(3, 4, 3), train(new CenterCrop(3, 4), x, 1).shape());
  }

  @Test
  void valuesForGivenTransformations() {
    FloatNdArray x = StdArrays.ndCopyOf(new float[][][][] {{{{200}, {77}}, {{10}, {255}}}, {{{0}, {10}}, {{20}, {30}}}});
    FloatNdArray first = NdArrays.ofFloats(Shape.of(1, 2, 2, 1));
    x.get(0).copyTo(first.get(0));
    // Posterization to 4 bits (shift 4): 200 -> 192, 77 -> 64; shift 0 keeps the image.
    float[] p = flat(apply(new RandomPosterization(4), first, new float[][] {{4}}));
    assertArrayEquals(new float[] {192, 64, 0, 240}, p, 0f);
    // Invert only the second image.
    float[] inv = flat(apply(new RandomInvert(), x, new float[][] {{0}, {1}}));
    assertArrayEquals(new float[] {200, 77, 10, 255, 255, 245, 235, 225}, inv, 0f);
    // Solarization: add 20, threshold 100: 220 >= 100 -> 35; 97 < 100 stays; 30 stays; 255 -> 0.
    float[] sol = flat(apply(new Solarization(), first, new float[][] {{20, 100}}));
    assertArrayEquals(new float[] {35, 97, 30, 0}, sol, 1e-4f);
    // Equalization of one channel over the whole batch (as Keras): values 200 77 10 255 and 0 10 20 30 fill
    // bins 0, 10 (twice), 20, 30, 77, 200, 255; cdf 1 3 4 5 6 7 8; table round((cdf - 1) * 255 / 7).
    float[] eq = flat(run(new Equalization(), x, true, null));
    int[] cdfMinus1 = {6, 5, 2, 7, 0, 2, 3, 4};
    float[] expected = new float[8];
    for (int i = 0; i < 8; i++) {
      expected[i] = (float) Math.rint(cdfMinus1[i] * 255.0 / 7);
    }
    assertArrayEquals(expected, eq, 0f);
    // AutoContrast stretches image 1's 0..30 to 0..255.
    float[] ac = flat(run(new AutoContrast(), x, false, null));
    assertArrayEquals(new float[] {0, 85, 170, 255}, Arrays.copyOfRange(ac, 4, 8), 1e-3f);
    // CutMix: image 0 takes image 1's pixels in x in [1, 2), y in [0, 2); image 1 keeps its own.
    float[] cut = flat(apply(new CutMix(), x, new float[][] {{1, 1, 2, 0, 2, 0.5f}, {1, 0, 0, 0, 0, 1}}));
    assertArrayEquals(new float[] {200, 10, 10, 30, 0, 10, 20, 30}, cut, 0f);
    // MixUp: 0.25 of itself and 0.75 of the other.
    float[] mix = flat(apply(new MixUp(), x, new float[][] {{0.25f, 1}, {1, 1}}));
    assertEquals(0.25f * 200 + 0.75f * 0, mix[0], 1e-4f);
    assertArrayEquals(flat(x.get(1)), Arrays.copyOfRange(mix, 4, 8), 0f);
    // CenterCrop of a 4x5 image to 2x2: rows 1-2, columns 1-2.
    FloatNdArray big = images(1, 4, 5, 1);
    float[] cc = flat(run(new CenterCrop(2, 2), big, false, null));
    assertArrayEquals(new float[] {big.getFloat(0, 1, 1, 0), big.getFloat(0, 1, 2, 0), big.getFloat(0, 2, 1, 0),
        big.getFloat(0, 2, 2, 0)}, cc, 0f);
  }

  @Test
  void mixingLayersMixLabelsWithTheSameTransformation() {
    FloatNdArray labels = StdArrays.ndCopyOf(new float[][] {{1, 0}, {0, 1}});
    float[][] t = {{0.25f, 1}, {0.5f, 0}};
    FloatNdArray mixed = withGraph((tf, y) -> new MixUp().transformLabels(tf, y, tf.constant(t)), labels);
    assertArrayEquals(new float[] {0.25f, 0.75f, 0.5f, 0.5f}, flat(mixed), 1e-6f);
    float[][] c = {{1, 0, 1, 0, 1, 0.9f}, {0, 0, 0, 0, 0, 1}};
    FloatNdArray cut = withGraph((tf, y) -> new CutMix().transformLabels(tf, y, tf.constant(c)), labels);
    assertArrayEquals(new float[] {0.9f, 0.1f, 0, 1}, flat(cut), 1e-6f);
    // Other layers keep the labels.
    assertArrayEquals(flat(labels), flat(withGraph((tf, y) -> new RandomHue(0.2).transformLabels(tf, y, null), labels)),
        0f);
  }

  @Test
  void configsRoundTripWithNonDefaultArguments() {
    List<Layer> layers = List.of(new RandomErasing(0.2, 0.8).scale(0.1, 0.2).fillValue(1, 2, 3).seed(1L),
        new RandomGaussianBlur(0.5).kernelSize(3, 5).sigma(0.2, 0.4).valueRange(0, 1),
        new RandomGrayscale(0.2), new RandomHue(0.1, 0.3).valueRange(0, 1), new RandomSaturation(0.3),
        new RandomSharpness(0.2, 0.4), new RandomShear(new double[] {0.1, 0.2}, new double[] {0.3})
            .fillMode("constant").fillValue(3).interpolation("nearest"),
        new RandomPerspective(0.4).scale(0.3).interpolation("nearest").fillValue(9),
        new RandomColorJitter().valueRange(0, 1).contrastFactor(0.1, 0.2).hueFactor(0.3),
        new RandomColorDegeneration(-0.2, 0.6), new RandomInvert(1, 1), new RandomPosterization(2, 6),
        new Solarization(new double[] {0.1, 0.2}, new double[] {0.7}).valueRange(-1, 1), new AutoContrast().valueRange(0, 1),
        new Equalization(32).valueRange(0, 1), new MixUp(0.7), new CutMix(0.3, 0.6),
        new RandAugment().numOps(3).factor(0.2, 0.7).interpolation("nearest").seed(5L),
        new AugMix().numChains(2).chainDepth(4).factor(0.6).alpha(0.5).allOps(false), new CenterCrop(3, 4)
            .dataFormat("channels_first"));
    for (Layer l : layers) {
      Map<String, Object> m = Serialization.serialize(l);
      assertEquals(m, Serialization.serialize(Serialization.deserialize(m)), l.className());
    }
    // Keras writes RandomShear(0.3, 0.2)'s factors as (-0.3, 0.3) and (-0.2, 0.2); Keras 3.15 cannot read
    // them back, jkeras can.
    Map<String, Object> keras = new LinkedHashMap<>();
    keras.put("name", "random_shear");
    keras.put("x_factor", List.of(-0.3, 0.3));
    keras.put("y_factor", List.of(-0.2, 0.2));
    RandomShear shear = RandomShear.fromConfig(keras);
    assertArrayEquals(new double[] {-0.3, 0.3}, shear.xFactor());
  }

  @Test
  void argumentsAreCheckedAsKerasChecksThem() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RandomGrayscale(1.5));
    assertEquals("`factor` should be between 0 and 1. Received: factor=1.5", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new RandomGaussianBlur().kernelSize(4));
    assertTrue(e.getMessage().contains("kernel_size must be an odd number. Received: kernel_size=4"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Solarization(1.2, 0));
    assertTrue(e.getMessage().contains("addition_factor=1.2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new RandomPerspective().scale(2));
    assertTrue(e.getMessage().contains("Received: scale=2.0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new RandomShear(-0.2, 0));
    assertThrows(IllegalArgumentException.class, () -> new RandomPosterization(9));
    assertThrows(IllegalArgumentException.class, () -> new RandomHue(1.5));
    assertThrows(IllegalArgumentException.class, () -> new RandomErasing().fillValue(1, 2));
    assertThrows(IllegalArgumentException.class, () -> new CenterCrop(0, 3));
    // Keras's factor conventions.
    assertArrayEquals(new double[] {-0.5, 0.5}, new RandomSaturation(0.5).factor());
    assertArrayEquals(new double[] {0, 0.5}, new RandomHue(0.5).factor());
    assertArrayEquals(new double[] {1, 4}, new RandomPosterization(4).factor());
    assertArrayEquals(new double[] {0, 1}, new RandomInvert().factor());
    assertArrayEquals(new double[] {-0.3, 0.3}, new RandomShear(0.3, 0).xFactor());
  }

  @Test
  void layersWithoutAGradientStillFollowATrainedLayer() {
    // TF's C++ gradient registry lacks Round, Bincount, the bit shifts, RGBToHSV/HSVToRGB and OnesLike:
    // without jkeras's zero gradients for them, building the training step fails.
    java.util.Random random = new java.util.Random(3);
    FloatNdArray x = NdArrays.ofFloats(Shape.of(4, 6, 6, 3));
    x.scalars().forEach(s -> s.setFloat(random.nextFloat()));
    FloatNdArray y = NdArrays.ofFloats(Shape.of(4, 1));
    for (Layer l : List.of(new RandomPosterization(4).valueRange(0, 1), new Equalization().valueRange(0, 1),
        new RandomHue(0.3).valueRange(0, 1).seed(1L), new RandomSaturation(0.5).valueRange(0, 1),
        new RandAugment().valueRange(0, 1).seed(2L),
        new RandomColorJitter().valueRange(0, 1).saturationFactor(0.5).hueFactor(0.2).seed(3L))) {
      try (Sequential model = new Sequential(new Conv2D(3, 3).padding("same").inputShape(6, 6, 3), l, new Flatten(),
          new Dense(1))) {
        model.compile(new SGD(0.1), "mean_squared_error");
        double loss = model.fit(x, y, batchSize(4), epochs(1), shuffle(false), verbose(0)).history().get("loss").get(0);
        assertTrue(Double.isFinite(loss), l.className() + ": " + loss);
      }
    }
  }

  @Test
  void aModelWithThemSavesAndLoads(@TempDir Path tmp) throws Exception {
    Seeds.setRandomSeed(1);
    FloatNdArray x = images(3, 10, 10, 3);
    FloatNdArray before;
    Path dir = tmp.resolve("m");
    try (Sequential model = new Sequential(new RandAugment().inputShape(10, 10, 3), new AugMix().chainDepth(2),
        new RandomErasing(), new CenterCrop(8, 8), new AutoContrast(), new Rescaling(1.0 / 255), new Flatten(),
        new Dense(1))) {
      model.compile("adam", "mse");
      before = model.predict(x, verbose(0));
      model.save(dir);
    }
    try (Model loaded = Models.loadModel(dir)) {
      assertArrayEquals(flat(before), flat(loaded.predict(x, verbose(0))), 1e-5f);
    }
  }
}
