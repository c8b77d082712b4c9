package org.jkeras.layers.preprocessing;

import static org.jkeras.Kwargs.verbose;
import static org.jkeras.TestUtil.flat;
import static org.jkeras.TestUtil.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.Eager;
import org.jkeras.backend.Gradients;
import org.jkeras.backend.GraphContext;
import org.jkeras.backend.KerasVariable;
import org.jkeras.layers.Dense;
import org.jkeras.layers.Flatten;
import org.jkeras.layers.Layer;
import org.jkeras.models.Model;
import org.jkeras.models.Models;
import org.jkeras.models.Sequential;
import org.jkeras.random.Seeds;
import org.jkeras.saving.Serialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

class PreprocessingLayersTest {

  /** n copies of one h x w x c image with values (y * 31 + x * 7 + k * 50) % 256. */
  static FloatNdArray images(int n, int h, int w, int c) {
    FloatNdArray a = NdArrays.ofFloats(Shape.of(n, h, w, c));
    for (int i = 0; i < n; i++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          for (int k = 0; k < c; k++) {
            a.setFloat((y * 31 + x * 7 + k * 50) % 256, i, y, x, k);
          }
        }
      }
    }
    return a;
  }

  /** Runs a layer in training mode with the graph's step counter fed {@code step}. */
  static FloatNdArray train(Layer layer, FloatNdArray x, long step) {
    layer.ensureBuilt(Shape.of(-1).append(x.shape().tail()));
    try (GraphContext ctx = new GraphContext(); TFloat32 in = TFloat32.tensorOf(x.shape());
        TInt64 s = TInt64.scalarOf(step)) {
      x.copyTo(in);
      Ops tf = ctx.tf();
      Operand<TFloat32> y = layer.invoke(CallContext.of(ctx, tf, true), tf.constant(in));
      try (Result r = ctx.runner().feed(ctx.step(), s).fetch(y).run()) {
        TFloat32 t = (TFloat32) r.get(0);
        FloatNdArray out = NdArrays.ofFloats(t.shape());
        t.copyTo(out);
        return out;
      }
    }
  }

  static List<Layer> randomLayers() {
    return List.of(new RandomFlip().seed(1L), new RandomRotation(0.2).seed(2L), new RandomZoom(0.3).seed(3L),
        new RandomTranslation(0.2, 0.2).seed(4L), new RandomContrast(0.5).seed(5L), new RandomBrightness(0.3).seed(6L));
  }

  @Test
  void randomLayersAreIdentityAtInferenceAndChangeImagesInTraining() {
    // 16 images: RandomFlip leaves all of them alone with probability 2^-16 only.
    FloatNdArray x = images(16, 9, 11, 3);
    for (Layer l : randomLayers()) {
      assertArrayEquals(flat(x), flat(run(l, x, false, null)), 0f, l.className() + " at inference");
      assertFalse(Arrays.equals(flat(x), flat(train(l, x, 1))), l.className() + " in training");
      assertEquals(x.shape(), train(l, x, 1).shape(), l.className());
    }
  }

  @Test
  void inASequentialTheyAugmentOnlyInFitNotInPredictOrEvaluate() {
    Seeds.setRandomSeed(3);
    FloatNdArray x = images(6, 8, 8, 3);
    FloatNdArray y = NdArrays.ofFloats(Shape.of(6, 1));
    List<Layer> layers = new java.util.ArrayList<>(randomLayers());
    layers.add(new Flatten());
    layers.add(new Dense(1));
    layers.set(0, ((RandomFlip) layers.get(0)).inputShape(8, 8, 3));
    try (Sequential augmented = new Sequential(layers.toArray(new Layer[0]));
        Sequential plain = new Sequential(new Flatten().inputShape(8, 8, 3), new Dense(1))) {
      plain.setWeights(augmented.getWeights());
      augmented.compile("sgd", "mse");
      plain.compile("sgd", "mse");
      assertArrayEquals(flat(plain.predict(x, verbose(0))), flat(augmented.predict(x, verbose(0))), 0f);
      assertEquals(plain.evaluate(x, y, verbose(0)).get("loss"), augmented.evaluate(x, y, verbose(0)).get("loss"), 0.0);
      // In fit the same batch goes through the augmentation: its loss differs from the plain model's.
      double augLoss = augmented.fit(x, y, org.jkeras.Kwargs.epochs(1), verbose(0), org.jkeras.Kwargs.shuffle(false))
          .history().get("loss").get(0);
      double plainLoss = plain.fit(x, y, org.jkeras.Kwargs.epochs(1), verbose(0), org.jkeras.Kwargs.shuffle(false))
          .history().get("loss").get(0);
      assertNotEquals(plainLoss, augLoss);
    }
  }

  @Test
  void sameSeedSameStepSameOutputAndEachStepDrawsAnew() {
    FloatNdArray x = images(16, 10, 10, 3);
    for (Layer l : randomLayers()) {
      assertArrayEquals(flat(train(l, x, 5)), flat(train(l, x, 5)), 0f, l.className());
      assertFalse(Arrays.equals(flat(train(l, x, 5)), flat(train(l, x, 6))), l.className());
    }
  }

  @Test
  void randomnessIsPerImageWhereKerasDrawsPerImage() {
    FloatNdArray x = images(64, 6, 6, 3);
    for (Layer l : randomLayers()) {
      FloatNdArray y = train(l, x, 2);
      Set<String> distinct = new HashSet<>();
      for (int i = 0; i < 64; i++) {
        distinct.add(Arrays.toString(flat(y.get(i))));
      }
      assertTrue(distinct.size() > 1, l.className() + " gives the 64 copies different outputs");
    }
    // RandomCrop draws one window for the whole batch, as Keras.
    FloatNdArray c = train(new RandomCrop(3, 4).seed(9L), x, 2);
    assertEquals(Shape.of(64, 3, 4, 3), c.shape());
    for (int i = 1; i < 64; i++) {
      assertArrayEquals(flat(c.get(0)), flat(c.get(i)), 0f);
    }
  }

  @Test
  void randomFlipModes() {
    FloatNdArray x = images(200, 3, 4, 1);
    float[] original = flat(x.get(0));
    for (String mode : List.of("horizontal", "vertical", "horizontal_and_vertical")) {
      FloatNdArray y = train(new RandomFlip(mode).seed(4L), x, 1);
      int flipped = 0;
      for (int i = 0; i < 200; i++) {
        boolean same = Arrays.equals(original, flat(y.get(i)));
        if (!same) {
          flipped++;
          for (int r = 0; r < 3; r++) {
            for (int col = 0; col < 4; col++) {
              int sr = mode.equals("horizontal") ? r : 2 - r;
              int sc = mode.equals("vertical") ? col : 3 - col;
              assertEquals(x.getFloat(i, sr, sc, 0), y.getFloat(i, r, col, 0), 0f, mode);
            }
          }
        }
      }
      // Binomial(200, 1/2): 100 +- 5 standard deviations.
      assertTrue(flipped > 65 && flipped < 135, mode + ": " + flipped);
    }
    assertThrows(IllegalArgumentException.class, () -> new RandomFlip("diagonal"));
  }

  @Test
  void randomRotationByAQuarterTurnPermutesPixelsAboutTheCentre() {
    // factor (0.25, 0.25): every angle is 90 degrees. Keras's matrix about ((w-1)/2, (h-1)/2) reads
    // output (y, x) from input (x, n - 1 - y) on an n x n image.
    FloatNdArray x = images(2, 5, 5, 2);
    // Not "wrap": TF's wrap sends a coordinate a float ulp past the last column (cos 90 is -4e-8 in
    // float32) to the first one, as Keras does; the parity suite compares that mode with Keras.
    for (String fill : List.of("reflect", "constant", "nearest")) {
      FloatNdArray y = train(new RandomRotation(0.25, 0.25).fillMode(fill).seed(1L), x, 0);
      for (int r = 0; r < 5; r++) {
        for (int c = 0; c < 5; c++) {
          assertEquals(x.getFloat(0, c, 4 - r, 1), y.getFloat(0, r, c, 1), 1e-3f, fill);
        }
      }
    }
    assertThrows(IllegalArgumentException.class, () -> new RandomRotation(0.2).fillMode("mirror"));
    assertThrows(IllegalArgumentException.class, () -> new RandomRotation(0.2).interpolation("bicubic"));
  }

  @Test
  void fillModesDifferOutsideTheImage() {
    // Translating right by half the width: the left half comes from outside the image.
    FloatNdArray x = images(1, 4, 8, 1);
    Map<String, float[]> out = new java.util.HashMap<>();
    for (String fill : List.of("reflect", "wrap", "constant", "nearest")) {
      out.put(fill, flat(train(new RandomTranslation(new double[] {0, 0}, new double[] {0.5, 0.5}).fillMode(fill)
          .fillValue(-1).seed(1L), x, 0)));
    }
    for (int r = 0; r < 4; r++) {
      for (int c = 0; c < 8; c++) {
        float inside = c >= 4 ? x.getFloat(0, r, c - 4, 0) : Float.NaN;
        int i = r * 8 + c;
        if (c >= 4) {
          for (float[] o : out.values()) {
            assertEquals(inside, o[i], 1e-4f);
          }
        } else {
          assertEquals(-1f, out.get("constant")[i], 1e-4f);
          assertEquals(x.getFloat(0, r, 0, 0), out.get("nearest")[i], 1e-4f);
          assertEquals(x.getFloat(0, r, c + 4, 0), out.get("wrap")[i], 1e-4f);
          // reflect (half-sample symmetric, "d c b a | a b c d"): column c - 4 < 0 reads 3 - c.
          assertEquals(x.getFloat(0, r, 3 - c, 0), out.get("reflect")[i], 1e-4f);
        }
      }
    }
  }

  @Test
  void factorsFollowKerasConventions() {
    assertArrayEquals(new double[] {0, 0.2}, new RandomContrast(0.2).factor());
    assertArrayEquals(new double[] {0.1, 0.3}, new RandomContrast(0.3, 0.1).factor());
    assertArrayEquals(new double[] {-0.2, 0.2}, new RandomBrightness(0.2).factor());
    assertArrayEquals(new double[] {-0.2, 0.2}, new RandomRotation(-0.2).factor());
    assertArrayEquals(new double[] {-0.5, 0.5}, new RandomZoom(0.5).heightFactor());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RandomContrast(1.5));
    assertTrue(e.getMessage().contains("factor=1.5") && e.getMessage().contains("[0, 1]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new RandomBrightness(-1.2));
    assertThrows(IllegalArgumentException.class, () -> new RandomZoom(-1.0));
    assertThrows(IllegalArgumentException.class, () -> new RandomTranslation(1.1, 0));
    // RandomContrast(0.5): factors in [1, 1.5]; RandomBrightness(0.3): deltas in [-76.5, 76.5].
    FloatNdArray flat = NdArrays.ofFloats(Shape.of(50, 2, 2, 1));
    flat.scalars().forEach(s -> s.setFloat(100f));
    FloatNdArray b = train(new RandomBrightness(0.3).seed(3L), flat, 0);
    for (int i = 0; i < 50; i++) {
      float d = b.getFloat(i, 0, 0, 0) - 100f;
      assertTrue(d >= -76.5f && d <= 76.5f, "delta " + d);
    }
  }

  @Test
  void contrastAndBrightnessClipToTheValueRange() {
    FloatNdArray x = images(8, 5, 5, 3);
    for (Layer l : List.of(new RandomContrast(1.0).seed(1L), new RandomBrightness(1.0).seed(1L),
        new RandomContrast(1.0).valueRange(10, 200).seed(1L))) {
      float lo = l instanceof RandomContrast && ((RandomContrast) l).valueRange()[0] == 10 ? 10 : 0;
      float hi = lo == 10 ? 200 : 255;
      for (float v : flat(train(l, x, 3))) {
        assertTrue(v >= lo && v <= hi, l.className() + " " + v);
      }
    }
  }

  @Test
  void randomCropShapesAndWindows() {
    FloatNdArray x = images(2, 10, 12, 3);
    RandomCrop crop = new RandomCrop(4, 6);
    assertArrayEquals(new long[] {-1, 4, 6, 3}, crop.computeOutputShape(Shape.of(-1, 10, 12, 3)).asArray());
    // Training: corner h in [0, 6], w in [0, 6] (Keras: uniform(0, H - h + 1) floored), all reached.
    Set<String> corners = new HashSet<>();
    for (long step = 0; step < 300; step++) {
      FloatNdArray y = train(crop.seed(11L), x, step);
      assertEquals(Shape.of(2, 4, 6, 3), y.shape());
      float v = y.getFloat(0, 0, 0, 0);
      boolean found = false;
      for (int h0 = 0; h0 <= 6 && !found; h0++) {
        for (int w0 = 0; w0 <= 6 && !found; w0++) {
          if (Arrays.equals(flat(y.get(0)), flat(window(x.get(0), h0, w0, 4, 6)))) {
            corners.add(h0 + "," + w0);
            found = true;
          }
        }
      }
      assertTrue(found, "the output is a window of the input (" + v + ")");
    }
    assertEquals(49, corners.size(), "every corner of the 7x7 range: " + corners);
    // Inference: the centred window of the target aspect ratio.
    FloatNdArray centre = run(new RandomCrop(4, 6), x, false, null);
    int cropH = Math.min(10, (int) (12.0 * 4 / 6));
    int cropW = Math.min(12, (int) (10.0 * 6 / 4));
    assertArrayEquals(flat(window(x.get(0), (10 - cropH) / 2, (12 - cropW) / 2, 4, 6)), flat(centre.get(0)), 0f);
    // Smaller than the target: resized up, in training as at inference.
    assertEquals(Shape.of(2, 20, 20, 3), train(new RandomCrop(20, 20).seed(1L), x, 0).shape());
    assertEquals(Shape.of(2, 20, 20, 3), run(new RandomCrop(20, 20), x, false, null).shape());
  }

  static FloatNdArray window(FloatNdArray img, int h0, int w0, int h, int w) {
    FloatNdArray out = NdArrays.ofFloats(Shape.of(h, w, img.shape().get(2)));
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.get(h0 + y, w0 + x).copyTo(out.get(y, x));
      }
    }
    return out;
  }

  @Test
  void rescalingAndResizing() {
    FloatNdArray x = images(2, 6, 8, 3);
    FloatNdArray r = run(new Rescaling(1.0 / 255, -0.5), x, false, null);
    float[] xs = flat(x);
    float[] rs = flat(r);
    for (int i = 0; i < xs.length; i++) {
      assertEquals(xs[i] * (float) (1.0 / 255) - 0.5f, rs[i], 1e-6f);
    }
    assertArrayEquals(rs, flat(train(new Rescaling(1.0 / 255, -0.5), x, 1)), 0f, "the same in training");
    assertEquals(Shape.of(2, 3, 4, 3), run(new Resizing(3, 4), x, false, null).shape());
    for (String interpolation : List.of("bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5")) {
      assertEquals(Shape.of(2, 5, 5, 3), run(new Resizing(5, 5).interpolation(interpolation), x, false, null).shape());
    }
    assertEquals(Shape.of(2, 5, 5, 3), run(new Resizing(5, 5).cropToAspectRatio(true), x, true, null).shape());
    assertEquals(Shape.of(2, 5, 5, 3), run(new Resizing(5, 5).padToAspectRatio(true).fillValue(9), x, true, null).shape());
    // Same size, nearest: unchanged.
    assertArrayEquals(xs, flat(run(new Resizing(6, 8).interpolation("nearest"), x, false, null)), 0f);
    assertThrows(IllegalArgumentException.class, () -> new Resizing(5, 5).interpolation("cubic"));
    assertThrows(IllegalArgumentException.class, () -> new Resizing(5, 5).cropToAspectRatio(true).padToAspectRatio(true));
  }

  @Test
  void singleImagesWorkToo() {
    FloatNdArray x = images(1, 7, 7, 3).get(0);
    for (Layer l : randomLayers()) {
      assertEquals(Shape.of(7, 7, 3), l.computeOutputShape(Shape.of(7, 7, 3)));
    }
    assertThrows(IllegalArgumentException.class, () -> new RandomFlip().ensureBuilt(Shape.of(-1, 7)));
    assertEquals(Shape.of(3, 3, 3), new RandomCrop(3, 3).computeOutputShape(x.shape()));
  }

  @Test
  void configsRoundTripAndModelsSaveAndLoad(@TempDir Path tmp) throws Exception {
    List<Layer> layers = List.of(new RandomCrop(6, 6).seed(1L), new RandomFlip("horizontal").seed(2L),
        new RandomRotation(-0.1, 0.2).fillMode("constant").fillValue(3).seed(3L),
        new RandomZoom(new double[] {-0.2, 0.1}, new double[] {0.3}).interpolation("nearest").seed(4L),
        new RandomTranslation(0.1, 0.2).fillMode("wrap").seed(5L), new RandomContrast(0.1, 0.3).seed(6L),
        new RandomBrightness(0.2).valueRange(0, 1).seed(7L), new Rescaling(0.5, 1), new Resizing(4, 5).interpolation("area"));
    for (Layer l : layers) {
      Map<String, Object> m = Serialization.serialize(l);
      Layer back = Serialization.deserialize(m);
      assertEquals(m, Serialization.serialize(back), l.className());
    }
    Seeds.setRandomSeed(1);
    Path dir = tmp.resolve("m");
    FloatNdArray x = images(3, 8, 8, 3);
    FloatNdArray before;
    List<Layer> stack = new java.util.ArrayList<>(List.of(new RandomFlip().inputShape(8, 8, 3), new RandomRotation(0.1),
        new RandomCrop(6, 6), new Rescaling(1.0 / 255), new Flatten(), new Dense(1)));
    try (Sequential model = new Sequential(stack.toArray(new Layer[0]))) {
      model.compile("adam", "binary_crossentropy");
      before = model.predict(x, verbose(0));
      model.save(dir);
    }
    try (Model loaded = Models.loadModel(dir)) {
      assertEquals(7, loaded.layers().size() + (loaded.layers().get(0) instanceof org.jkeras.layers.InputLayer ? 0 : 1));
      assertArrayEquals(flat(before), flat(loaded.predict(x, verbose(0))), 1e-6f);
    }
  }
  /**
   * The gradient flows through Normalization to its input (1 / sqrt(variance)), and asking for its
   * statistics' gradient (as the parity suite's layer cases do) builds: they get none from the layer.
   */
  @Test
  void normalizationPassesTheGradientToItsInputAndNoneToItsStatistics() {
    Normalization layer = new Normalization();
    layer.adapt(StdArrays.ndCopyOf(new float[][] {{-1f, -2f}, {3f, 6f}}));
    try (GraphContext ctx = new GraphContext()) {
      Ops tf = ctx.tf();
      Operand<TFloat32> x = tf.withName("x").identity(tf.constant(new float[][] {{3f, 5f}, {0f, 2f}}));
      Map<KerasVariable, Operand<TFloat32>> values = new IdentityHashMap<>();
      for (KerasVariable w : layer.weights()) {
        values.put(w, Eager.constant(tf, w.getValue()));
      }
      Operand<TFloat32> y = layer.invoke(CallContext.create(tf, true, values::get, tf.constant(0L)), x);
      Operand<TFloat32> loss = tf.reduceSum(y, tf.constant(new int[] {0, 1}));
      Operand<TFloat32> mean = values.get(layer.weights().get(0));
      loss = tf.math.add(loss, tf.math.mul(tf.constant(0f), tf.reduceSum(mean, tf.constant(0))));
      Output<?>[] g = Gradients.add(ctx.graph(), loss.asOutput(),
          new Output<?>[] {x.asOutput(), mean.asOutput()});
      try (Result r = ctx.runner().fetch(g[0]).fetch(g[1]).run()) {
        FloatNdArray gx = NdArrays.ofFloats(((TFloat32) r.get(0)).shape());
        ((TFloat32) r.get(0)).copyTo(gx);
        assertArrayEquals(new float[] {0.5f, 0.25f, 0.5f, 0.25f}, flat(gx)); // variances 4 and 16
        FloatNdArray gm = NdArrays.ofFloats(((TFloat32) r.get(1)).shape());
        ((TFloat32) r.get(1)).copyTo(gm);
        assertArrayEquals(new float[] {0f, 0f}, flat(gm));
      }
    }
  }
}
