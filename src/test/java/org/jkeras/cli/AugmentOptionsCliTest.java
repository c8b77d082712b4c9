package org.jkeras.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.jkeras.layers.Layer;
import org.jkeras.layers.preprocessing.RandomContrast;
import org.jkeras.layers.preprocessing.RandomFlip;
import org.jkeras.layers.preprocessing.RandomRotation;
import org.jkeras.layers.preprocessing.RandomZoom;
import org.jkeras.models.Sequential;
import org.jkeras.preprocessing.image.ImageDataGenerator;
import org.jkeras.preprocessing.image.Images;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;

/** {@code augment --generator SPEC} and {@code train --augment LIST}, through the command line. */
class AugmentOptionsCliTest {

  @Test
  void generatorWritesKerasRandomTransformsUnderShortAndKerasNames(@TempDir Path tmp) throws Exception {
    Path cat = AugmentCommandTest.cat();
    Path out = tmp.resolve("aug");
    CliTest.Run r = CliTest.run("augment", cat.toString(), "--out", out.toString(), "--generator",
        "rotation=20,zoom=0.2,horizontal_flip", "--n", "2", "--seed", "5");
    assertEquals(0, r.status(), r.err());
    List<String> lines = r.out().strip().lines().toList();
    assertEquals(3, lines.size(), r.out());
    assertTrue(lines.get(2).endsWith("grid.png"), r.out());
    // Image i is ImageDataGenerator(rotation_range=20, zoom_range=0.2, horizontal_flip=True).random_transform(x, seed + i).
    FloatNdArray image = Images.loadImg(cat);
    ImageDataGenerator gen = new ImageDataGenerator().rotationRange(20).zoomRange(0.2).horizontalFlip(true);
    for (int i = 0; i < 2; i++) {
      byte[] expected = Images.encodePng(gen.randomTransform(image, 5L + i));
      assertArrayEquals(expected, Files.readAllBytes(Path.of(lines.get(i))), lines.get(i));
    }
    assertFalse(Arrays.equals(Images.encodePng(image), Files.readAllBytes(Path.of(lines.get(0)))));
    // Keras's own names give the same images.
    Path keras = tmp.resolve("keras");
    CliTest.Run k = CliTest.run("augment", cat.toString(), "--out", keras.toString(), "--generator",
        "rotation_range=20, zoom_range=0.8:1.2, horizontal_flip=true", "--n", "2", "--seed", "5");
    assertEquals(0, k.status(), k.err());
    Path first = Path.of(lines.get(0));
    assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(keras.resolve(first.getFileName())));
  }

  @Test
  void generatorMistakesAreOneLineUsageErrorsNamingTheValue(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("aug");
    String cat = AugmentCommandTest.cat().toString();
    String[][] cases = {
        {"spin=3", "unknown ImageDataGenerator argument 'spin'"},
        {"fill_mode=mirror", "Received: fill_mode=mirror"},
        {"zoom=wide", "zoom=wide: expected a finite number"},
        {"rotation", "rotation_range needs a value"},
        {"brightness=1.2", "expected LO:HI"},
        {"rotation=10,rotation_range=5", "rotation_range given twice"},
        {"width_shift=-3", "width_shift_range"},
    };
    for (String[] c : cases) {
      CliTest.Run r = CliTest.run("augment", cat, "--out", out.toString(), "--generator", c[0]);
      assertEquals(2, r.status(), c[0] + ": " + r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().contains("--generator") && r.err().contains(c[1]), c[0] + ": " + r.err());
    }
    CliTest.Run r = CliTest.run("augment", cat, "--out", out.toString(), "--generator", "rotation=10", "--flip");
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().contains("--generator") && r.err().contains("--flip"), r.err());
    assertFalse(Files.exists(out), "nothing written");
    assertTrue(CliTest.run("augment", "--help").out().contains("rotation_range (rotation)"));
  }

  @Test
  void trainAugmentTakesALayerListAndRefusesUnknownNamesListingTheValidOnes(@TempDir Path tmp) throws Exception {
    Path model = tmp.resolve("cnn");
    CliTest.Run t = CliTest.run("train", "cnn", "--image-size", "32,32", "--epochs", "1", "--augment",
        "flip,rotation:0.1,zoom:0.2,contrast:0.2", "--out", model.toString());
    assertEquals(0, t.status(), t.err());
    assertTrue(Files.isRegularFile(model.resolve("saved_model.pb")));
    // Keras 3's newer layers, RandAugment among them, as the issue writes the list.
    Path model2 = tmp.resolve("cnn2");
    CliTest.Run t2 = CliTest.run("train", "cnn", "--image-size", "32,32", "--epochs", "1", "--augment",
        "flip,rotation:0.1,randaugment,hue:0.1,grayscale", "--out", model2.toString());
    assertEquals(0, t2.status(), t2.err());
    assertTrue(Files.isRegularFile(model2.resolve("saved_model.pb")));
    String[][] cases = {
        {"mixup", "unknown augmentation layer 'mixup'"},
        {"equalization:3", "equalization takes no argument"},
        {"posterization:2.5", "expected a whole number, received '2.5'"},
        {"rotation", "rotation needs a factor"},
        {"flip:diagonal", "Received: mode=diagonal"},
        {"zoom:lots", "expected a finite number, received 'lots'"},
    };
    for (String[] c : cases) {
      CliTest.Run r = CliTest.run("train", "cnn", "--epochs", "1", "--out", tmp.resolve("x").toString(), "--augment", c[0]);
      assertEquals(2, r.status(), c[0] + ": " + r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().contains("--augment") && r.err().contains(c[1]), c[0] + ": " + r.err());
    }
    CliTest.Run r = CliTest.run("train", "cnn", "--augment", "cutmix");
    for (String name : List.of("flip[:MODE]", "rotation:F", "zoom:F", "translation:F", "contrast:F", "brightness:F",
        "randaugment[:F]", "augmix[:F]", "equalization")) {
      assertTrue(r.err().contains(name), name + ": " + r.err());
    }
    assertFalse(Files.exists(tmp.resolve("x")));
    String help = CliTest.run("train", "--help").out().replaceAll("\\s+", ""); // picocli wraps after a colon too
    for (String name : AugmentLayersOption.accepted().split(", ")) {
      assertTrue(help.contains(name + ",") || help.contains(name + "("), "train --help lists " + name + ": " + help);
    }
  }

  @Test
  void augmentAloneIsTheStackTheCliAlwaysUsedAndAListKeepsItsOrder() {
    // --augment alone: RandomFlip("horizontal") seeded with --seed, RandomRotation(0.1) with --seed + 1 (as before lists).
    AugmentLayersOption parse = new AugmentLayersOption();
    try (Sequential m = parse.convert(AugmentLayersOption.DEFAULT).model(42)) {
      List<Layer> layers = m.layers();
      assertEquals(2, layers.size());
      assertEquals("horizontal", ((RandomFlip) layers.get(0)).mode());
      assertEquals(42L, ((RandomFlip) layers.get(0)).seed());
      assertEquals(List.of(-0.1, 0.1), layers.get(1).getConfig().get("factor"));
      assertEquals(43L, ((RandomRotation) layers.get(1)).seed());
    }
    try (Sequential m = parse.convert("random_contrast:0.2, flip, zoom:0.3").model(0)) {
      List<Layer> layers = m.layers();
      assertTrue(layers.get(0) instanceof RandomContrast);
      assertEquals("horizontal_and_vertical", ((RandomFlip) layers.get(1)).mode()); // Keras's default mode
      assertTrue(layers.get(2) instanceof RandomZoom);
    }
  }
}
