package org.jkeras.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jkeras.TestUtil;
import org.jkeras.preprocessing.image.Images;
import org.jkeras.preprocessing.image.SeedRotation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;

class AugmentCommandTest {

  static Path cat() throws Exception {
    try (var s = Files.list(TestUtil.shared().resolve("data/pets/validation/cat"))) {
      return s.sorted().findFirst().orElseThrow();
    }
  }

  @Test
  void cropThenRotateWritesPngsTheGridAndPrintsEachPath(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("aug");
    CliTest.Run r = CliTest.run("augment", cat().toString(), "--out", out.toString(), "--crop", "100,120", "--rotate", "45",
        "--n", "3", "--seed", "7");
    assertEquals(0, r.status(), r.err());
    List<String> lines = r.out().strip().lines().toList();
    assertEquals(4, lines.size(), r.out());
    assertTrue(lines.get(3).endsWith("grid.png"), r.out());
    SeedRotation rot = SeedRotation.of(100, 120, 45);
    for (String line : lines.subList(0, 3)) {
      FloatNdArray img = Images.loadImg(Path.of(line));
      // The seed's 4.1: a 100x120 crop rotated by 45 degrees onto the enlarged canvas.
      assertEquals(org.tensorflow.ndarray.Shape.of(rot.height(), rot.width(), 3), img.shape(), line);
    }
    assertTrue(Files.size(Path.of(lines.get(3))) > 0);
    // Same seed, same images; another seed, another crop.
    Path again = tmp.resolve("again");
    CliTest.run("augment", cat().toString(), "--out", again.toString(), "--crop", "100,120", "--rotate", "45", "--n", "3",
        "--seed", "7");
    assertArrayEquals(Files.readAllBytes(Path.of(lines.get(0))), Files.readAllBytes(again.resolve(Path.of(lines.get(0)).getFileName())));
    Path other = tmp.resolve("other");
    CliTest.run("augment", cat().toString(), "--out", other.toString(), "--crop", "100,120", "--rotate", "45", "--n", "3",
        "--seed", "8");
    assertFalse(java.util.Arrays.equals(Files.readAllBytes(Path.of(lines.get(0))),
        Files.readAllBytes(other.resolve(Path.of(lines.get(0)).getFileName()))));
  }

  @Test
  void helpListsTheOptions() {
    CliTest.Run r = CliTest.run("augment", "--help");
    assertEquals(0, r.status());
    assertTrue(r.out().startsWith("usage: jkeras augment IMAGE"), r.out());
    for (String opt : List.of("--out", "--crop", "--rotate", "--flip", "--color", "--n", "--seed")) {
      assertTrue(r.out().contains(opt), opt);
    }
    assertTrue(CliTest.run("--help").out().contains("augment"));
    assertTrue(CliTest.run("train", "--help").out().contains("--augment"));
  }

  @Test
  void withoutCropOrRotateWritesNRandomAugmentations(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("aug");
    CliTest.Run r = CliTest.run("augment", cat().toString(), "--out", out.toString(), "--n", "2");
    assertEquals(0, r.status(), r.err());
    assertEquals(3, r.out().strip().lines().count(), r.out());
    try (var s = Files.list(out)) {
      assertEquals(3, s.count());
    }
  }

  @Test
  void badInputIsAClearErrorAndWritesNothing(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("aug");
    Path text = tmp.resolve("notes.jpg");
    Files.writeString(text, "not an image");
    CliTest.Run r = CliTest.run("augment", text.toString(), "--out", out.toString());
    assertEquals(1, r.status());
    assertTrue(r.err().contains("notes.jpg") && r.err().contains("not a JPEG, PNG"), r.err());

    r = CliTest.run("augment", tmp.resolve("missing.png").toString(), "--out", out.toString());
    assertEquals(1, r.status());
    assertTrue(r.err().contains("missing.png"), r.err());

    r = CliTest.run("augment", cat().toString(), "--out", out.toString(), "--crop", "5000,100");
    assertEquals(1, r.status());
    assertTrue(r.err().contains("--crop 5000,100") && r.err().contains("smaller than the image"), r.err());

    for (String angle : List.of("nan", "inf", "-Infinity", "forty")) {
      r = CliTest.run("augment", cat().toString(), "--out", out.toString(), "--rotate", angle);
      assertEquals(2, r.status(), angle);
      assertTrue(r.err().contains("--rotate") && r.err().contains(angle), r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
    }
    r = CliTest.run("augment", "--out", out.toString());
    assertEquals(2, r.status());
    r = CliTest.run("augment", cat().toString(), "--crop", "10");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("--crop"), r.err());
    assertFalse(Files.exists(out), "nothing written for a failed image");
  }

  @Test
  void trainWithAugmentTrainsOnTheAugmentedPipeline(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("cnn");
    CliTest.Run t = CliTest.run("train", "cnn", "--image-size", "32,32", "--epochs", "1", "--augment", "--out",
        out.toString());
    assertEquals(0, t.status(), t.err());
    assertTrue(t.out().contains(" - loss: "), t.out()); // one epoch: Keras prints no "Epoch 1/1"
    assertTrue(Files.isRegularFile(out.resolve("saved_model.pb")));
  }
}
