package org.jkeras.applications;

import static org.jkeras.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jkeras.TestUtil;
import org.jkeras.backend.Shapes;
import org.jkeras.data.SyntheticImages;
import org.jkeras.examples.SeedModels;
import org.jkeras.examples.TransferLearning;
import org.jkeras.layers.Layer;
import org.jkeras.models.Model;
import org.jkeras.models.Sequential;
import org.jkeras.random.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.Shape;

import static org.jkeras.Kwargs.verbose;

class VGG16Test {

  static List<String> expectedNames() {
    List<String> names = new ArrayList<>();
    int[] convs = {2, 2, 3, 3, 3};
    for (int b = 1; b <= 5; b++) {
      for (int c = 1; c <= convs[b - 1]; c++) {
        names.add("block" + b + "_conv" + c);
      }
      names.add("block" + b + "_pool");
    }
    return names;
  }

  @Test
  void kerasLayerNamesAndCounts() {
    try (VGG16 base = new VGG16(null, false, 224, 224, 3)) {
      List<String> names = new ArrayList<>();
      for (Layer l : base.layers().subList(1, base.layers().size())) {
        names.add(l.name());
      }
      assertEquals(expectedNames(), names);
      assertEquals(14_714_688L, base.countParams());
      assertEquals("(None, 7, 7, 512)", Shapes.format(base.computeOutputShape(base.builtInputShape())));
      assertEquals("vgg16", base.name());
      assertEquals("Functional", base.className());
      assertEquals(26, base.weights().size());
    }
    try (VGG16 small = new VGG16(null, false, 32, 32, 3)) {
      assertEquals("(None, 1, 1, 512)", Shapes.format(small.output().shape()));
      assertEquals(14_714_688L, small.countParams());
    }
    try (VGG16 top = new VGG16(null, true)) {
      assertEquals("(None, 224, 224, 3)", Shapes.format(top.builtInputShape()));
      assertEquals(List.of("flatten", "fc1", "fc2", "predictions"),
          top.layers().subList(19, 23).stream().map(Layer::name).toList());
      assertEquals("(None, 1000)", Shapes.format(top.output().shape()));
    }
  }

  @Test
  void shapesVGG16CannotTakeAreRefusedWithTheShape() {
    var e = assertThrows(IllegalArgumentException.class, () -> new VGG16(null, false, 31, 64, 3));
    assertEquals("Input size must be at least 32x32; Received: input_shape=(31, 64, 3)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new VGG16("imagenet", false, 64, 64, 4));
    assertTrue(e.getMessage().contains("3 channels") && e.getMessage().contains("(64, 64, 4)"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new VGG16("imagenet", true, 64, 64, 3));
    assertTrue(e.getMessage().contains("(224, 224, 3)") && e.getMessage().contains("(64, 64, 3)"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new VGG16(null, false, 64, 64));
    assertTrue(e.getMessage().contains("three integers"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new VGG16("no/such/weights.h5", false, 32, 32, 3));
    assertTrue(e.getMessage().contains("no/such/weights.h5"), e.getMessage());
  }

  @Test
  void missingImagenetFileSaysWhichFileWhereAndHow(@TempDir Path tmp) throws IOException {
    var e = assertThrows(java.io.FileNotFoundException.class, () -> ImagenetUtils.kerasWeightFile(List.of(tmp.resolve("models")),
        VGG16.WEIGHTS_FILE_NO_TOP, VGG16.WEIGHTS_URL_NO_TOP, VGG16.MD5_NO_TOP, "VGG16(weights=\"imagenet\")"));
    String m = e.getMessage();
    assertTrue(m.contains(VGG16.WEIGHTS_FILE_NO_TOP) && m.contains(tmp.resolve("models").toAbsolutePath().toString())
        && m.contains(VGG16.WEIGHTS_URL_NO_TOP) && m.contains(VGG16.MD5_NO_TOP), m);
    // A file under that name that is not Keras's: refused by its md5, as Keras's get_file does.
    Files.createDirectories(tmp.resolve("models"));
    Files.writeString(tmp.resolve("models").resolve(VGG16.WEIGHTS_FILE_NO_TOP), "not the weights");
    var bad = assertThrows(IOException.class, () -> ImagenetUtils.kerasWeightFile(List.of(tmp.resolve("models")),
        VGG16.WEIGHTS_FILE_NO_TOP, VGG16.WEIGHTS_URL_NO_TOP, VGG16.MD5_NO_TOP, "VGG16(weights=\"imagenet\")"));
    assertTrue(bad.getMessage().contains("md5") && bad.getMessage().contains(VGG16.MD5_NO_TOP), bad.getMessage());
  }

  @Test
  void preprocessInputOnHostAndInGraphAgree() {
    SyntheticImages.Images images = SyntheticImages.generate(2, 8, 8, 3);
    FloatNdArray before = TestUtil.run(new PreprocessInput(), images.x(), false, null);
    float[] x = flat(images.x());
    FloatNdArray host = VGG16.preprocessInput(images.x());
    assertArrayEquals(x, flat(images.x()), "the input is left as it is");
    assertArrayEquals(flat(host), flat(before));
    // BGR order: the first output channel comes from the third input channel.
    assertEquals(x[2] - 103.939f, flat(host)[0]);
    var e = assertThrows(IllegalArgumentException.class,
        () -> VGG16.preprocessInput(org.tensorflow.ndarray.NdArrays.ofFloats(Shape.of(1, 4, 4, 4))));
    assertTrue(e.getMessage().contains("(1, 4, 4, 4)"), e.getMessage());
  }

  @Test
  void weightsFromJkerasSavedModelsByVariableName(@TempDir Path tmp) throws Exception {
    Seeds.setRandomSeed(11);
    Path baseDir = tmp.resolve("base");
    Path fullDir = tmp.resolve("full");
    List<FloatNdArray> expected;
    SyntheticImages.Images images = SyntheticImages.generate(3, 32, 32, 4);
    FloatNdArray features;
    try (VGG16 base = new VGG16(null, false, 32, 32, 3)) {
      expected = base.getWeights();
      features = base.predict(images.x(), verbose(0));
      base.export(baseDir);
      try (Model full = TransferLearning.createModel(base)) {
        full.save(fullDir);
      }
    }
    for (Path dir : List.of(baseDir, fullDir)) {
      try (VGG16 loaded = new VGG16(dir.toString(), false, 32, 32, 3)) {
        List<FloatNdArray> got = loaded.getWeights();
        for (int i = 0; i < got.size(); i++) {
          assertArrayEquals(flat(expected.get(i)), flat(got.get(i)), dir + " weight " + i);
        }
        assertArrayEquals(flat(features), flat(loaded.predict(images.x(), verbose(0))));
      }
    }
  }

  @Test
  void aSavedModelOfAnotherArchitectureIsRefusedByName(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("cnn");
    try (Sequential cnn = SeedModels.createModel(32, 32, 3)) {
      cnn.export(dir);
    }
    var e = assertThrows(IllegalArgumentException.class, () -> new VGG16(dir.toString(), false, 32, 32, 3));
    assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("block1_conv1/kernel")
        && e.getMessage().contains("its variables: [conv2d"), e.getMessage());
  }

  @Test
  void shapesOfTheModelSummary() {
    try (Model model = TransferLearning.createModel(null, 224, 224, 3)) {
      assertEquals(27_560_769L, model.countParams());
      TransferLearning.fineTuneFrom(model, "block1");
      String all = model.summaryString();
      assertTrue(all.contains("Trainable params: 27,560,769"), all);
    }
    try (VGG16 base = new VGG16(null, false, 224, 224, 3); Model model = TransferLearning.createModel(base)) {
      base.setTrainable(false);
      String s = model.summaryString();
      assertTrue(s.contains("Total params: 27,560,769"), s);
      assertTrue(s.contains("Trainable params: 12,846,081"), s);
      assertTrue(s.contains("Non-trainable params: 14,714,688"), s);
      assertTrue(s.contains("block5_pool (MaxPooling2D)") && s.contains(Shapes.format(Shape.of(-1, 25088))), s);
    }
  }
}
