package org.jkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.jkeras.TestUtil;
import org.jkeras.models.Model;
import org.jkeras.models.Models;
import org.jkeras.saving.KerasFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI on Keras {@code .keras} files: a model from Python trained on, evaluated, summarised, inspected, served. */
class KerasFileCliTest {

  private static CliTest.Run run(String... argv) {
    return CliTest.run(argv);
  }

  /** Keras's seed CNN at 16x16 (src/test/resources/keras-files), compiled with adam and trained a step in Python. */
  private static Path pythonCnn(Path tmp) throws IOException {
    Path file = tmp.resolve("from_python.keras");
    try (InputStream in = KerasFileCliTest.class.getResourceAsStream("/keras-files/cnn.keras")) {
      Files.copy(in, file);
    }
    return file;
  }

  /** Six cats and six dogs of the shared pets images. */
  private static Path pets(Path tmp) throws IOException {
    Path data = tmp.resolve("pets");
    for (String cls : List.of("cat", "dog")) {
      Files.createDirectories(data.resolve(cls));
      try (Stream<Path> s = Files.list(TestUtil.shared().resolve("data/pets/train").resolve(cls))) {
        for (Path p : s.sorted().limit(6).toList()) {
          Files.copy(p, data.resolve(cls).resolve(p.getFileName()));
        }
      }
    }
    return data;
  }

  @Test
  void aModelFromPythonTrainsOnAndIsSavedAsAKerasFile(@TempDir Path tmp) throws IOException {
    Path model = pythonCnn(tmp);
    Path data = pets(tmp);
    Path out = tmp.resolve("trained.keras");
    CliTest.Run t = run("train", "--model", model.toString(), "--data", data.toString(), "--epochs", "2",
        "--batch-size", "4", "--out", out.toString());
    assertEquals(0, t.status(), t.err());
    assertTrue(!t.out().contains("No --data") && t.out().contains("Epoch 2/2"), t.out());
    assertTrue(t.out().contains("(the model's compile config)"), "the file's adam is kept: " + t.out());
    assertTrue(t.out().contains("Saved the model to " + out + " (Keras .keras file"), t.out());
    assertEquals(List.of("cat", "dog"), KerasFile.readMetadata(out).get("class_names"));
    try (Model m = Models.loadModel(out)) {
      assertEquals(List.of(-1L, 16L, 16L, 3L), Arrays.stream(m.builtInputShape().asArray()).boxed().toList(),
          "the image size came from the model");
      assertTrue(m.trainer().compiled());
    }

    CliTest.Run s = run("summary", "--model", out.toString());
    assertEquals(0, s.status(), s.err());
    assertTrue(s.out().contains("Model: \"sequential\"") && s.out().contains("Total params:"), s.out());

    CliTest.Run i = run("inspect", out.toString());
    assertEquals(0, i.status(), i.err());
    assertTrue(i.out().contains("written by Keras " + KerasFile.KERAS_VERSION), i.out());
    assertTrue(i.out().contains("layer classes: Conv2D, Dense, Flatten, InputLayer, MaxPooling2D, Sequential"), i.out());
    assertTrue(i.out().contains("compile config: optimizer Adam(learning_rate=") && i.out().contains("class names: [cat, dog]"),
        i.out());

    CliTest.Run e = run("evaluate", "--model", out.toString(), "--data", data.toString());
    assertEquals(0, e.status(), e.err());
    assertTrue(e.out().contains("loss: ") && e.out().contains("accuracy: "), e.out());

    Path cat = data.resolve("cat").resolve(Files.list(data.resolve("cat")).sorted().findFirst().orElseThrow().getFileName());
    CliTest.Run p = run("predict", "--model", out.toString(), cat.toString());
    assertEquals(0, p.status(), p.err());
    String[] cols = p.out().strip().split("\t");
    assertEquals(cat.toString(), cols[0]);
    assertTrue(cols[2].equals("cat") || cols[2].equals("dog"), p.out());
  }

  @Test
  void aBuiltModelIsSavedAsAKerasFileWhenOutEndsInKeras(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("cnn.keras");
    CliTest.Run t = run("train", "cnn", "--image-size", "32,32", "--epochs", "1", "--out", out.toString());
    assertEquals(0, t.status(), t.err());
    assertTrue(Files.isRegularFile(out));
    try (Stream<Path> s = Files.list(tmp)) {
      assertEquals(List.of("cnn.keras"), s.map(p -> p.getFileName().toString()).toList(), "no history.csv or staging left");
    }
    CliTest.Run again = run("train", "cnn", "--image-size", "32,32", "--epochs", "1", "--out", out.toString(), "--no-overwrite");
    assertEquals(2, again.status());
    assertTrue(again.err().contains("overwrite is false"), again.err());
  }

  @Test
  void trainWithAModelFileRefusesWhatDoesNotFit(@TempDir Path tmp) throws IOException {
    Path model = pythonCnn(tmp);
    CliTest.Run r = run("train", "--model", model.toString());
    assertEquals(2, r.status());
    assertTrue(r.err().contains("--model needs --out"), r.err());
    r = run("train", "cnn", "--model", model.toString(), "--out", tmp.resolve("o.keras").toString());
    assertEquals(2, r.status());
    assertTrue(r.err().contains("--model takes the place of MODEL"), r.err());
    r = run("train", "--model", model.toString(), "--image-size", "32,32", "--out", tmp.resolve("o.keras").toString());
    assertEquals(2, r.status());
    assertTrue(r.err().contains("takes 16x16 images, received 32x32"), r.err());
    r = run("train", "--model", model.toString(), "--freeze-base", "--out", tmp.resolve("o.keras").toString());
    assertEquals(2, r.status());
    assertFalse(Files.exists(tmp.resolve("o.keras")));
    r = run("summary", "--model", tmp.resolve("missing.keras").toString());
    assertEquals(1, r.status());
    assertTrue(r.err().contains("missing.keras: no such file"), r.err());
  }
}
