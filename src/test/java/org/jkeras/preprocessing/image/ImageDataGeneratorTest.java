package org.jkeras.preprocessing.image;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.classMode;
import static org.jkeras.Kwargs.colorMode;
import static org.jkeras.Kwargs.directory;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.interpolation;
import static org.jkeras.Kwargs.keepAspectRatio;
import static org.jkeras.Kwargs.seed;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.subset;
import static org.jkeras.Kwargs.targetSize;
import static org.jkeras.Kwargs.yCol;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.TestUtil;
import org.jkeras.data.Batch;
import org.jkeras.data.BatchIterator;
import org.jkeras.kwargs.Args.FlowArg;
import org.jkeras.layers.Dense;
import org.jkeras.layers.Flatten;
import org.jkeras.models.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;

class ImageDataGeneratorTest {

  /** A (4, 4, 1) image whose value is 10 * row + col. */
  private static FloatNdArray grid() {
    FloatNdArray x = NdArrays.ofFloats(Shape.of(4, 4, 1));
    for (int r = 0; r < 4; r++) {
      for (int c = 0; c < 4; c++) {
        x.setFloat(10 * r + c, r, c, 0);
      }
    }
    return x;
  }

  private static float[] row(FloatNdArray img, int r) {
    float[] out = new float[(int) img.shape().get(1)];
    for (int c = 0; c < out.length; c++) {
      out[c] = img.getFloat(r, c, 0);
    }
    return out;
  }

  @Test
  void txShiftsColumnsAndEachFillModeExtendsTheImageAsScipy() {
    // Keras's quirk, kept: tx (drawn from height_shift_range) ends up along the columns.
    Map<String, Object> shift = Map.of("tx", 1.0);
    assertArrayEquals(new float[] {11, 12, 13, 13}, row(new ImageDataGenerator().applyTransform(grid(), shift), 1));
    assertArrayEquals(new float[] {11, 12, 13, -5},
        row(new ImageDataGenerator().fillMode("constant").cval(-5).applyTransform(grid(), shift), 1));
    assertArrayEquals(new float[] {11, 12, 13, 13}, row(new ImageDataGenerator().fillMode("reflect").applyTransform(grid(), shift), 1));
    // scipy's "wrap" repeats with a period of n - 1: position 4 reads column 1, not column 0.
    assertArrayEquals(new float[] {11, 12, 13, 11}, row(new ImageDataGenerator().fillMode("wrap").applyTransform(grid(), shift), 1));
    // Half a pixel outside: scipy's "constant" gives cval (no blend with the border pixel), "reflect" the border pixel.
    Map<String, Object> half = Map.of("tx", -0.5);
    assertArrayEquals(new float[] {-5, 10.5f, 11.5f, 12.5f},
        row(new ImageDataGenerator().fillMode("constant").cval(-5).applyTransform(grid(), half), 1));
    assertArrayEquals(new float[] {10, 10.5f, 11.5f, 12.5f},
        row(new ImageDataGenerator().fillMode("reflect").applyTransform(grid(), half), 1));
  }

  @Test
  void flipsReverseColumnsAndRowsExactly() {
    FloatNdArray y = new ImageDataGenerator().applyTransform(grid(),
        Map.of("flip_horizontal", true, "flip_vertical", 1));
    assertArrayEquals(new float[] {33, 32, 31, 30}, row(y, 0));
    assertArrayEquals(new float[] {3, 2, 1, 0}, row(y, 3));
  }

  @Test
  void brightnessTruncatesToEightBitsAsPillowAndChannelShiftClipsToTheImageRange() {
    FloatNdArray x = NdArrays.ofFloats(Shape.of(1, 2, 1));
    x.setFloat(10.7f, 0, 0, 0);
    x.setFloat(200.2f, 0, 1, 0);
    FloatNdArray b = new ImageDataGenerator().applyTransform(x, Map.of("brightness", 1.3));
    assertEquals(13f, b.getFloat(0, 0, 0)); // trunc(1.3 * trunc(10.7))
    assertEquals(255f, b.getFloat(0, 1, 0)); // 260 clipped
    FloatNdArray s = new ImageDataGenerator().applyTransform(x, Map.of("channel_shift_intensity", 50.0));
    assertEquals(60.7f, s.getFloat(0, 0, 0), 1e-4);
    assertEquals(200.2f, s.getFloat(0, 1, 0), 1e-4); // clipped to the image's max
  }

  @Test
  void randomTransformsAreDrawnInKerasRangesAndRepeatWithTheSeed() {
    ImageDataGenerator gen = new ImageDataGenerator().rotationRange(20).widthShiftRange(0.1).heightShiftRange(3)
        .zoomRange(0.8, 1.5).shearRange(5).horizontalFlip(true).channelShiftRange(10).brightnessRange(0.5, 1.5);
    long[] shape = {40, 60, 3};
    assertEquals(gen.getRandomTransform(shape, 7L), gen.getRandomTransform(shape, 7L));
    assertNotEquals(gen.getRandomTransform(shape, 7L), gen.getRandomTransform(shape, 8L));
    boolean flipped = false;
    for (long s = 0; s < 200; s++) {
      Map<String, Object> p = gen.getRandomTransform(shape, s);
      assertEquals(List.of("theta", "tx", "ty", "shear", "zx", "zy", "flip_horizontal", "flip_vertical",
          "channel_shift_intensity", "brightness"), List.copyOf(p.keySet()));
      double theta = (double) p.get("theta");
      double tx = (double) p.get("tx");
      double ty = (double) p.get("ty");
      assertTrue(Math.abs(theta) <= 20, p.toString());
      assertTrue(tx == Math.rint(tx) && Math.abs(tx) <= 2, "an int range n: whole pixels in -(n-1)..n-1, " + p);
      assertTrue(Math.abs(ty) <= 0.1 * 60, "a fraction below 1: of the width, " + p);
      assertTrue((double) p.get("zx") >= 0.8 && (double) p.get("zx") <= 1.5, p.toString());
      assertEquals(false, p.get("flip_vertical"));
      flipped |= (boolean) p.get("flip_horizontal");
    }
    assertTrue(flipped);
    Map<String, Object> none = new ImageDataGenerator().getRandomTransform(shape, 1L);
    assertEquals(null, none.get("brightness"));
    assertEquals(1.0, none.get("zx"));
  }

  private static Path png(Path file, int h, int w, float value) throws Exception {
    FloatNdArray img = NdArrays.ofFloats(Shape.of(h, w, 3));
    for (long i = 0; i < img.size(); i++) {
      img.setFloat(value, i / (w * 3L), i / 3 % w, i % 3);
    }
    Files.createDirectories(file.getParent());
    Files.write(file, Images.encodePng(img));
    return file;
  }

  private static String captured(ThrowingRunnable r) throws Exception {
    PrintStream old = DirectoryIterator.log;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DirectoryIterator.log = new PrintStream(out, true, StandardCharsets.UTF_8);
    try {
      r.run();
    } finally {
      DirectoryIterator.log = old;
    }
    return out.toString(StandardCharsets.UTF_8).strip();
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void flowFromDirectoryListsAsKerasAndSplitsEachClass(@TempDir Path tmp) throws Exception {
    Path root = tmp.resolve("imgs");
    png(root.resolve("cat/b.png"), 6, 8, 10);
    png(root.resolve("cat/a.png"), 6, 8, 20);
    png(root.resolve("cat/sub/a.png"), 6, 8, 30);
    png(root.resolve("cat/c.PNG"), 6, 8, 40);
    png(root.resolve("dog/x.png"), 6, 8, 50);
    png(root.resolve("dog/y.png"), 6, 8, 60);
    Files.writeString(root.resolve("dog/notes.txt"), "not an image");
    ImageDataGenerator gen = new ImageDataGenerator().validationSplit(0.5);
    DirectoryIterator[] it = new DirectoryIterator[1];
    String found = captured(() -> it[0] = gen.flowFromDirectory(root, targetSize(3, 4), classMode("binary"), batchSize(2),
        shuffle(false), subset("training")));
    try (DirectoryIterator train = it[0]) {
      assertEquals("Found 3 images belonging to 2 classes.", found);
      // Folder by folder (os.walk's roots sorted), each folder's files by name; the training subset is each class's last
      // half (Keras 3.15: ['cat/c.PNG', 'cat/sub/a.png', 'dog/y.png']).
      assertEquals(List.of("cat/c.PNG", "cat/sub/a.png", "dog/y.png"), train.filenames());
      assertArrayEquals(new int[] {0, 0, 1}, train.classes());
      assertEquals(Map.of("cat", 0, "dog", 1), train.classIndices());
      assertEquals(3, train.samples());
      assertEquals(2, train.cardinality());
      try (BatchIterator b = train.iterator()) {
        Batch first = b.next();
        assertEquals(Shape.of(2, 3, 4, 3), first.x().shape());
        assertEquals(Shape.of(2, 1), first.y().shape());
        assertEquals(40f, first.x().getFloat(0, 0, 0, 0));
        assertEquals(30f, first.x().getFloat(1, 2, 3, 1));
        Batch second = b.next();
        assertEquals(1, second.size());
        assertEquals(1f, second.y().getFloat(0, 0));
      }
    }
    DirectoryIterator[] all = new DirectoryIterator[1];
    captured(() -> all[0] = new ImageDataGenerator().flowFromDirectory(root, targetSize(3, 4), shuffle(false)));
    try (DirectoryIterator everything = all[0]) {
      assertEquals(List.of("cat/a.png", "cat/b.png", "cat/c.PNG", "cat/sub/a.png", "dog/x.png", "dog/y.png"),
          everything.filenames());
      assertEquals(Shape.of(2), everything.labelShape()); // categorical by default
    }
  }

  @Test
  void flowFromDirectoryIsADatasetThatFitTrainsOn(@TempDir Path tmp) throws Exception {
    Path root = tmp.resolve("imgs");
    for (int i = 0; i < 4; i++) {
      png(root.resolve("dark/" + i + ".png"), 10, 10, 20 + i);
      png(root.resolve("light/" + i + ".png"), 10, 10, 220 - i);
    }
    ImageDataGenerator gen = new ImageDataGenerator().rescale(1 / 255.0).rotationRange(10).horizontalFlip(true)
        .zoomRange(0.1);
    DirectoryIterator[] it = new DirectoryIterator[1];
    captured(() -> it[0] = gen.flowFromDirectory(root, targetSize(8, 8), classMode("binary"), batchSize(4), seed(3)));
    try (DirectoryIterator train = it[0];
        Sequential model = new Sequential(new Flatten().inputShape(8, 8, 3), new Dense(1).activation("sigmoid"))) {
      model.compile("adam", "binary_crossentropy", "accuracy");
      var history = model.fit(train, epochs(2));
      assertEquals(2, history.history().get("loss").size());
      assertTrue(Double.isFinite(history.history().get("loss").get(1)));
      // Keras's next(iterator): endless, 2 batches per pass.
      for (int i = 0; i < 5; i++) {
        Batch b = train.next();
        assertEquals(4, b.size());
        for (float f : TestUtil.flat(b.x())) {
          assertTrue(f >= 0 && f <= 1, "rescaled: " + f);
        }
      }
    }
  }

  /** A (2, 4, 3) PNG whose column c has value 40 * c + 10 * channel. */
  private static Path columns(Path file) throws Exception {
    FloatNdArray img = NdArrays.ofFloats(Shape.of(2, 4, 3));
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 4; c++) {
        for (int k = 0; k < 3; k++) {
          img.setFloat(40 * c + 10 * k, r, c, k);
        }
      }
    }
    Files.createDirectories(file.getParent());
    Files.write(file, Images.encodePng(img));
    return file;
  }

  private static FloatNdArray firstImage(Path root, FlowArg... kwargs) throws Exception {
    DirectoryIterator[] it = new DirectoryIterator[1];
    captured(() -> it[0] = new ImageDataGenerator().flowFromDirectory(root, kwargs));
    try (DirectoryIterator i = it[0]) {
      return i.next().x().get(0);
    }
  }

  @Test
  void flowFromDirectoryResizesAsLoadImgWithEachInterpolationAndKeepAspectRatio(@TempDir Path tmp) throws Exception {
    Path root = tmp.resolve("imgs");
    Path file = columns(root.resolve("only/a.png"));
    // Pillow's NEAREST from 4 columns to 2 reads columns 1 and 3; with keep_aspect_ratio the centred 2x2 box, columns 1 and 2.
    FloatNdArray nearest = firstImage(root, targetSize(2, 2), shuffle(false));
    assertEquals(40f, nearest.getFloat(0, 0, 0));
    assertEquals(130f, nearest.getFloat(0, 1, 1));
    FloatNdArray kept = firstImage(root, targetSize(2, 2), shuffle(false), keepAspectRatio(true));
    assertEquals(40f, kept.getFloat(0, 0, 0));
    assertEquals(90f, kept.getFloat(0, 1, 1));
    for (String method : List.of("bilinear", "bicubic", "hamming", "box", "lanczos")) {
      FloatNdArray got = firstImage(root, targetSize(2, 3), shuffle(false), interpolation(method));
      assertArrayEquals(TestUtil.flat(Images.loadImg(file, new int[] {2, 3}, "rgb", method)), TestUtil.flat(got), method);
    }
    FloatNdArray grey = firstImage(root, targetSize(2, 4), shuffle(false), colorMode("grayscale"));
    assertEquals(Shape.of(2, 4, 1), grey.shape());
    // Pillow's L of (40, 50, 60): (40 * 19595 + 50 * 38470 + 60 * 7471 + 32768) >> 16 = 48.
    assertEquals(48f, grey.getFloat(0, 1, 0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> captured(() -> new ImageDataGenerator().flowFromDirectory(root, interpolation("area"))));
    assertTrue(e.getMessage().contains("Received: interpolation=area"), e.getMessage());
  }

  @Test
  void preprocessingFunctionRunsOnEachImageBeforeRescale() {
    FloatNdArray x = NdArrays.ofFloats(Shape.of(2, 1, 1, 1));
    x.setFloat(4f, 0, 0, 0, 0);
    x.setFloat(6f, 1, 0, 0, 0);
    ImageDataGenerator gen = new ImageDataGenerator().rescale(0.5).preprocessingFunction(img -> {
      img.setFloat(img.getFloat(0, 0, 0) + 10, 0, 0, 0);
      return img;
    });
    try (NumpyArrayIterator it = gen.flow(x, shuffle(false))) {
      assertArrayEquals(new float[] {7, 8}, TestUtil.flat(it.next().x())); // (v + 10) * 0.5, Keras's order
    }
    ImageDataGenerator wrong = new ImageDataGenerator().preprocessingFunction(img -> NdArrays.ofFloats(Shape.of(2, 2, 1)));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> wrong.standardize(x.get(0)));
    assertTrue(e.getMessage().contains("`preprocessing_function` must return"), e.getMessage());
  }

  @Test
  void aFlowAppliesTheBrightnessItsGeneratorDraws() {
    FloatNdArray x = NdArrays.ofFloats(Shape.of(2, 1, 2, 1));
    x.setFloat(10.7f, 0, 0, 0, 0);
    x.setFloat(201f, 1, 0, 1, 0);
    // brightness_range (0.5, 0.5): every draw is 0.5, Pillow's trunc(0.5 * trunc(v)).
    try (NumpyArrayIterator it = new ImageDataGenerator().brightnessRange(0.5, 0.5).flow(x, shuffle(false))) {
      float[] got = TestUtil.flat(it.next().x());
      assertArrayEquals(new float[] {5, 0, 0, 100}, got);
    }
  }

  @Test
  void flowTakesArrayRowsWithKerasSubsetsAndFitNormalises() {
    float[][][][] data = new float[4][2][2][1];
    for (int i = 0; i < 4; i++) {
      data[i][0][0][0] = i;
      data[i][1][1][0] = 2 * i;
    }
    FloatNdArray x = StdArrays.ndCopyOf(data);
    FloatNdArray y = StdArrays.ndCopyOf(new float[] {0, 1, 0, 1});
    ImageDataGenerator gen = new ImageDataGenerator().validationSplit(0.25).rescale(2);
    try (NumpyArrayIterator train = gen.flow(x, y, batchSize(8), shuffle(false), subset("training"));
        NumpyArrayIterator val = gen.flow(x, y, batchSize(8), shuffle(false), subset("validation"))) {
      assertEquals(3, train.samples());
      assertEquals(1, val.samples());
      Batch b = train.next();
      assertEquals(2f, b.x().getFloat(0, 0, 0, 0)); // row 1, rescaled
      assertEquals(12f, b.x().getFloat(2, 1, 1, 0)); // row 3: 2 * 3 * 2
      assertArrayEquals(new float[] {1, 0, 1}, TestUtil.flat(b.y()));
    }
    ImageDataGenerator norm = new ImageDataGenerator().featurewiseCenter(true).featurewiseStdNormalization(true).fit(x);
    assertEquals(1.125f, norm.mean()[0], 1e-6); // (0+1+2+3 + 0+2+4+6) / 16
    FloatNdArray s = norm.standardize(x.get(3));
    assertEquals((3 - 1.125f) / (norm.std()[0] + 1e-6f), s.getFloat(0, 0, 0), 1e-5);
  }

  @Test
  void flowFromDataframeReadsTheCsvAsKeras(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("imgs");
    png(dir.resolve("1.png"), 4, 4, 1);
    png(dir.resolve("2.png"), 4, 4, 2);
    png(dir.resolve("3.png"), 4, 4, 3);
    Path csv = tmp.resolve("t.csv");
    Files.writeString(csv, "filename,label\n3.png,zebra\n1.png,\"ant\"\nmissing.png,ant\n2.png,zebra\n");
    DirectoryIterator[] it = new DirectoryIterator[1];
    String found = captured(() -> it[0] = new ImageDataGenerator().flowFromDataframe(csv, directory(dir), yCol("label"),
        targetSize(2, 2), classMode("sparse"), shuffle(false)));
    try (DirectoryIterator df = it[0]) {
      assertEquals("Found 3 validated image filenames belonging to 2 classes.", found);
      assertEquals(List.of("3.png", "1.png", "2.png"), df.filenames());
      assertArrayEquals(new int[] {1, 0, 1}, df.classes());
      Batch b = df.next();
      assertEquals(3f, b.x().getFloat(0, 0, 0, 0));
      assertArrayEquals(new float[] {1, 0, 1}, TestUtil.flat(b.y()));
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ImageDataGenerator().flowFromDataframe(csv, directory(dir)));
    assertTrue(e.getMessage().contains("no column \"class\" for `y_col`"), e.getMessage());
  }

  @Test
  void refusesWhatKerasRefusesWithOneLine() {
    Map<String, String> messages = new HashMap<>();
    messages.put("fill", assertThrows(IllegalArgumentException.class, () -> new ImageDataGenerator().fillMode("mirror")).getMessage());
    messages.put("split", assertThrows(IllegalArgumentException.class, () -> new ImageDataGenerator().validationSplit(1.5)).getMessage());
    messages.put("zca", assertThrows(UnsupportedOperationException.class, () -> new ImageDataGenerator().zcaWhitening(true)).getMessage());
    messages.put("format", assertThrows(IllegalArgumentException.class, () -> new ImageDataGenerator().dataFormat("channels_first")).getMessage());
    assertTrue(messages.get("fill").contains("Received: fill_mode=mirror"), messages.toString());
    assertTrue(messages.get("split").contains("strictly between 0 and 1"), messages.toString());
    assertTrue(messages.get("zca").contains("zca_whitening"), messages.toString());
    assertTrue(messages.get("format").contains("channels_last"), messages.toString());
    for (String m : messages.values()) {
      assertTrue(!m.contains("\n"), m);
    }
    FloatNdArray x = NdArrays.ofFloats(Shape.of(2, 2, 2, 3));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ImageDataGenerator().flow(x, classMode("binary")));
    assertTrue(e.getMessage().contains("`flow` takes"), e.getMessage());
  }
}
