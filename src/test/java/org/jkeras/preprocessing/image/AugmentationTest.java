package org.jkeras.preprocessing.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import org.jkeras.TestUtil;
import org.jkeras.backend.Eager;
import org.jkeras.backend.GraphContext;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

class AugmentationTest {

  /** An image whose pixel (y, x, c) holds y * 1000 + x * 10 + c: every value says where it came from. */
  static FloatNdArray coordinates(int h, int w, int c) {
    FloatNdArray a = NdArrays.ofFloats(Shape.of(h, w, c));
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int k = 0; k < c; k++) {
          a.setFloat(y * 1000 + x * 10 + k, y, x, k);
        }
      }
    }
    return a;
  }

  /** Distinct pixel values 0..255 (so that uint8 paths keep them). */
  static FloatNdArray pattern(int h, int w, int c) {
    FloatNdArray a = NdArrays.ofFloats(Shape.of(h, w, c));
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int k = 0; k < c; k++) {
          a.setFloat((y * 37 + x * 11 + k * 101) % 256, y, x, k);
        }
      }
    }
    return a;
  }

  /** Runs {@code f} on {@code image} fed as uint8, returns the uint8 result as floats. */
  static FloatNdArray onUint8(FloatNdArray image, java.util.function.BiFunction<Ops, Operand<TUint8>, Operand<TUint8>> f) {
    return Eager.array(tf -> {
      Operand<TUint8> u = tf.dtypes.cast(Eager.constant(tf, image), TUint8.class);
      return tf.dtypes.cast(f.apply(tf, u), TFloat32.class);
    });
  }

  static FloatNdArray batchOf(FloatNdArray image, int n) {
    FloatNdArray b = NdArrays.ofFloats(Shape.of(n).append(image.shape()));
    for (int i = 0; i < n; i++) {
      image.copyTo(b.get(i));
    }
    return b;
  }

  // ---------------------------------------------------------------- random_crop

  @Test
  void randomCropOffsetsStayInTheSeedsRangeAndCoverIt() {
    int h = 12;
    int w = 17;
    int[] size = {5, 9};
    FloatNdArray img = coordinates(h, w, 1);
    // A batch draws one corner per image: 3000 draws in one run.
    int n = 3000;
    FloatNdArray out = Eager.array(tf -> Augmentation.randomCrop(tf, Eager.constant(tf, batchOf(img, n)), size,
        ImageTensors.seed(tf, 7)));
    assertEquals(Shape.of(n, 5, 9, 1), out.shape());
    boolean[][] seen = new boolean[h - size[0]][w - size[1]];
    for (int i = 0; i < n; i++) {
      int v = (int) out.getFloat(i, 0, 0, 0);
      int y1 = v / 1000;
      int x1 = (v % 1000) / 10;
      // randint(0, h - size[0]) and randint(0, w - size[1]): upper bounds exclusive.
      assertTrue(y1 >= 0 && y1 < h - size[0], "y1=" + y1);
      assertTrue(x1 >= 0 && x1 < w - size[1], "x1=" + x1);
      seen[y1][x1] = true;
      // The window is the seed's slice image[y1:y1+5, x1:x1+9].
      for (int y = 0; y < size[0]; y++) {
        for (int x = 0; x < size[1]; x++) {
          assertEquals((y1 + y) * 1000 + (x1 + x) * 10, out.getFloat(i, y, x, 0), 0f);
        }
      }
    }
    for (boolean[] row : seen) {
      for (boolean s : row) {
        assertTrue(s, "every corner of the 7x8 range is drawn in 3000 tries");
      }
    }
  }

  @Test
  void randomCropOfOneImageIsTheSeedsSliceAndRepeatsUnderASeed() {
    FloatNdArray img = coordinates(20, 30, 3);
    int[] size = {4, 6};
    java.util.Set<Float> corners = new java.util.HashSet<>();
    for (long seed = 0; seed < 40; seed++) {
      long s = seed;
      FloatNdArray a = Augmentation.randomCrop(img, size, s);
      FloatNdArray b = Augmentation.randomCrop(img, size, s);
      assertEquals(Shape.of(4, 6, 3), a.shape());
      assertArrayEquals(TestUtil.flat(a), TestUtil.flat(b), 0f, "same seed, same crop");
      int v = (int) a.getFloat(0, 0, 0);
      int y1 = v / 1000;
      int x1 = (v % 1000) / 10;
      assertTrue(y1 < 20 - 4 && x1 < 30 - 6);
      assertEquals((y1 + 3) * 1000 + (x1 + 5) * 10 + 2, a.getFloat(3, 5, 2), 0f);
      corners.add((float) v);
    }
    assertTrue(corners.size() > 20, "different seeds give different corners: " + corners.size());
  }

  @Test
  void randomCropKeepsUint8() {
    FloatNdArray img = pattern(10, 10, 3);
    FloatNdArray out = onUint8(img, (tf, x) -> Augmentation.randomCrop(tf, x, new int[] {3, 4}, ImageTensors.seed(tf, 1)));
    FloatNdArray ref = Augmentation.randomCrop(img, new int[] {3, 4}, 1);
    assertArrayEquals(TestUtil.flat(ref), TestUtil.flat(out), 0f);
  }

  @Test
  void cropLargerThanTheImageOrAsLargeIsAClearError() {
    FloatNdArray img = pattern(10, 12, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Augmentation.randomCrop(img, new int[] {11, 5}, 0));
    assertTrue(e.getMessage().contains("larger than the image") && e.getMessage().contains("size=[11, 5]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Augmentation.randomCrop(img, new int[] {10, 5}, 0));
    assertTrue(e.getMessage().contains("randint"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Augmentation.randomCrop(img, new int[] {0, 5}, 0));
    assertTrue(e.getMessage().contains("size"), e.getMessage());
  }

  // ---------------------------------------------------------------- random_rotate

  @Test
  void rotationEnlargesTheCanvasAsTheSeedComputesIt() {
    // 600x450 rotates onto canvases over 512x512 pixels: the projective-op path of randomRotate.
    int[][] shapes = {{100, 100}, {90, 120}, {77, 101}, {1, 50}, {224, 224}, {600, 450}};
    double[] angles = {0, 30, 45, 90, 137, 180, -20, 270, 359.5};
    for (int[] s : shapes) {
      for (double a : angles) {
        SeedRotation r = SeedRotation.of(s[0], s[1], a);
        FloatNdArray out = Augmentation.randomRotate(NdArrays.ofFloats(Shape.of(s[0], s[1], 1)), a);
        assertEquals(Shape.of(r.height(), r.width(), 1), out.shape(), "shape " + s[0] + "x" + s[1] + " angle " + a);
        // The canvas holds the rotated bounding box: int() truncation of h|sin| + w|cos|, h|cos| + w|sin|.
        double rad = Math.toRadians(a);
        assertTrue(Math.abs(r.width() - (s[0] * Math.abs(Math.sin(rad)) + s[1] * Math.abs(Math.cos(rad)))) < 1.0 + 1e-9);
        assertTrue(Math.abs(r.height() - (s[0] * Math.abs(Math.cos(rad)) + s[1] * Math.abs(Math.sin(rad)))) < 1.0 + 1e-9);
      }
    }
    // Quarter turns swap (or keep) the sides exactly.
    assertEquals(Shape.of(120, 90, 3), Augmentation.randomRotate(NdArrays.ofFloats(Shape.of(90, 120, 3)), 90).shape());
    assertEquals(Shape.of(90, 120, 3), Augmentation.randomRotate(NdArrays.ofFloats(Shape.of(90, 120, 3)), 180).shape());
    // A batch keeps its batch dimension.
    FloatNdArray b = Eager.array(tf -> Augmentation.randomRotate(tf, tf.zeros(tf.constant(new int[] {2, 90, 120, 3}),
        TFloat32.class), 45));
    SeedRotation r45 = SeedRotation.of(90, 120, 45);
    assertEquals(Shape.of(2, r45.height(), r45.width(), 3), b.shape());
  }

  @Test
  void ninetyDegreesMovesEveryPixelWhereTheSeedsMatrixSendsIt() {
    // h = 4, w = 6: cX = 3, cY = 2; M = [[0, 1, -cY + h/2], [-1, 0, cX + w/2]] after the seed's shift, i.e.
    // x' = y, y' = 6 - x: output (y', x') shows input (x', 6 - y'); row 0 reads column 6, outside: black.
    FloatNdArray img = pattern(4, 6, 3);
    FloatNdArray f = Augmentation.randomRotate(img, 90);
    FloatNdArray u = onUint8(img, (tf, x) -> Augmentation.randomRotate(tf, x, 90));
    assertEquals(Shape.of(6, 4, 3), f.shape());
    for (int yo = 0; yo < 6; yo++) {
      for (int xo = 0; xo < 4; xo++) {
        for (int c = 0; c < 3; c++) {
          float expected = yo == 0 ? 0f : img.getFloat(xo, 6 - yo, c);
          assertEquals(expected, f.getFloat(yo, xo, c), 1e-3f, "float at " + yo + "," + xo);
          assertEquals(expected, u.getFloat(yo, xo, c), 0f, "uint8 at " + yo + "," + xo);
        }
      }
    }
  }

  @Test
  void theSparseWarpSamplesAsImageProjectiveTransformV3() {
    // The seed's rotation is computed as a sparse matrix product (BilinearWarp); it must sample as
    // TF's projective transform op does (bilinear, constant 0), borders included.
    java.util.Random rnd = new java.util.Random(3);
    FloatNdArray batch = NdArrays.ofFloats(Shape.of(3, 17, 23, 3));
    batch.scalars().forEach(v -> v.setFloat(rnd.nextInt(256)));
    for (double angle : new double[] {13, 45, 90, 200.5, -77}) {
      SeedRotation r = SeedRotation.of(17, 23, angle);
      FloatNdArray sparse = Eager.array(tf -> Augmentation.randomRotate(tf, Eager.constant(tf, batch), angle));
      FloatNdArray op = Eager.array(tf -> ImageOps.affineTransform(tf, Eager.constant(tf, batch),
          tf.constant(new float[][] {r.inverseTransform()}), r.height(), r.width(), "bilinear", "constant", 0f));
      // float64 sampling positions (sparse) vs float32 (the op): under 0.01 grey levels apart.
      assertArrayEquals(TestUtil.flat(op), TestUtil.flat(sparse), 1e-2f, "angle " + angle);
    }
  }

  /**
   * The sparse warp's matrix is constants of the graph, computed when the graph is built: built as
   * ops from constants, it was computed again on every run (jkeras's sessions run without TF's
   * classic constant folding, and Grappler does not fold it), most of seed_augment's time.
   */
  @Test
  void theSparseWarpsMatrixIsConstantsOfTheGraph() {
    try (GraphContext ctx = new GraphContext()) {
      Ops tf = ctx.tf();
      Augmentation.randomRotate(tf, tf.placeholder(TUint8.class,
          org.tensorflow.op.core.Placeholder.shape(Shape.of(40, 100, 100, 3))), 45);
      int products = 0;
      for (var it = ctx.graph().operations(); it.hasNext();) {
        org.tensorflow.GraphOperation op = it.next();
        if (op.type().equals("SparseTensorDenseMatMul")) {
          products++;
          for (int i = 0; i < 3; i++) {
            assertEquals("Const", op.input(i).op().type(), op.name() + " input " + i);
          }
        }
      }
      assertEquals(BilinearWarp.SPLITS, products);
    }
  }

  @Test
  void rotationIsDeterministicAndRejectsNonFiniteAngles() {
    FloatNdArray img = pattern(9, 13, 3);
    assertArrayEquals(TestUtil.flat(Augmentation.randomRotate(img, 33)), TestUtil.flat(Augmentation.randomRotate(img, 33)), 0f);
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Augmentation.randomRotate(img, bad));
      assertTrue(e.getMessage().contains("angle=" + bad), e.getMessage());
    }
  }

  // ---------------------------------------------------------------- flips

  @Test
  void flipsMirrorExactly() {
    FloatNdArray img = pattern(3, 4, 3);
    FloatNdArray lr = Augmentation.flipLeftRight(img);
    FloatNdArray ud = Augmentation.flipUpDown(img);
    for (int y = 0; y < 3; y++) {
      for (int x = 0; x < 4; x++) {
        for (int c = 0; c < 3; c++) {
          assertEquals(img.getFloat(y, 3 - x, c), lr.getFloat(y, x, c), 0f);
          assertEquals(img.getFloat(2 - y, x, c), ud.getFloat(y, x, c), 0f);
        }
      }
    }
  }

  @Test
  void randomFlipsChoosePerImageAboutHalfTheTimeAndRepeatUnderASeed() {
    FloatNdArray img = pattern(3, 4, 1);
    int n = 400;
    Function<Long, FloatNdArray> run = seed -> Eager.array(tf -> Augmentation.randomFlipLeftRight(tf,
        Eager.constant(tf, batchOf(img, n)), ImageTensors.seed(tf, seed)));
    FloatNdArray a = run.apply(3L);
    FloatNdArray mirrored = Augmentation.flipLeftRight(img);
    int flipped = 0;
    for (int i = 0; i < n; i++) {
      float[] got = TestUtil.flat(a.get(i));
      boolean isFlip = java.util.Arrays.equals(got, TestUtil.flat(mirrored));
      assertTrue(isFlip || java.util.Arrays.equals(got, TestUtil.flat(img)), "each image is either kept or mirrored");
      flipped += isFlip ? 1 : 0;
    }
    // Binomial(400, 1/2): 200 +- 4.5 standard deviations (45).
    assertTrue(flipped > 155 && flipped < 245, "flipped " + flipped + " of " + n);
    assertArrayEquals(TestUtil.flat(a), TestUtil.flat(run.apply(3L)), 0f);
    assertNotEquals(java.util.Arrays.toString(TestUtil.flat(a)), java.util.Arrays.toString(TestUtil.flat(run.apply(4L))));
  }

  // ---------------------------------------------------------------- bad input

  @Test
  void unsupportedImagesNameTheArgument() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Augmentation.randomRotate(NdArrays.ofFloats(Shape.of(5, 5, 2)), 10));
    assertTrue(e.getMessage().contains("channels") && e.getMessage().contains("image.shape=(5, 5, 2)"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Augmentation.flipLeftRight(NdArrays.ofFloats(Shape.of(5, 5))));
    assertTrue(e.getMessage().contains("image.shape=(5, 5)"), e.getMessage());
    try (GraphContext ctx = new GraphContext()) {
      Ops tf = ctx.tf();
      Operand<TFloat32> unknown = tf.placeholder(TFloat32.class,
          org.tensorflow.op.core.Placeholder.shape(Shape.of(-1, -1, 3)));
      e = assertThrows(IllegalArgumentException.class, () -> Augmentation.randomRotate(tf, unknown, 10));
      assertTrue(e.getMessage().contains("known height and width"), e.getMessage());
    }
  }

  @Test
  void seedPipelineCropThenRotate() {
    // Section 4.1: size = (100, 100); angle = 45; rotate(crop(image)). On a 224x224 image: 100x100, then 141x141.
    FloatNdArray img = pattern(224, 224, 3);
    FloatNdArray out = Eager.array(tf -> Augmentation.randomRotate(tf,
        Augmentation.randomCrop(tf, Eager.constant(tf, img), new int[] {100, 100}, ImageTensors.seed(tf, 1)), 45));
    SeedRotation r = SeedRotation.of(100, 100, 45);
    assertEquals(Shape.of(r.height(), r.width(), 3), out.shape());
    assertEquals(141, r.width(), "int(100 sin 45 + 100 cos 45) = int(141.42...)");
  }
}
