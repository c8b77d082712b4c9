package org.jkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jkeras.TestUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  record Run(int status, String out, String err) {}

  static Run run(String... argv) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void helpEverywhere() {
    Run r = run("--help");
    assertEquals(0, r.status());
    assertTrue(r.out().contains("train") && r.out().contains("summary"), r.out());
    for (String cmd : List.of("summary", "train", "evaluate", "predict")) {
      Run c = run(cmd, "--help");
      assertEquals(0, c.status(), cmd);
      assertTrue(c.out().startsWith("usage: jkeras " + cmd), c.out());
    }
  }

  @Test
  void wrongArgumentsAreOneLineErrorsWithStatus2() {
    Run r = run("train", "cnn", "--epochz", "3");
    assertEquals(2, r.status());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("--epochz"), r.err());
    r = run("train", "cnn", "--epochs", "three");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("--epochs") && r.err().contains("three"), r.err());
    r = run("summary", "resnet");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("resnet"), r.err());
    r = run("frobnicate");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("frobnicate"), r.err());
  }

  @Test
  void summaryCnnPrintsTheSeedCounts() {
    Run r = run("summary", "cnn");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("Total params: 44,396,609 (169.36 MB)"), r.out());
    Run small = run("summary", "cnn", "--input-shape", "64,64,3");
    assertTrue(small.out().contains("(None, 4608)"), small.out());
  }

  @Test
  void trainEvaluatePredictRoundTrip(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("cnn");
    Run t = run("train", "cnn", "--image-size", "32,32", "--epochs", "2", "--out", out.toString());
    assertEquals(0, t.status(), t.err());
    assertTrue(t.out().contains("Epoch 2/2"), t.out());
    assertTrue(Files.isRegularFile(out.resolve("saved_model.pb")));
    List<String> csv = Files.readAllLines(out.resolve("history.csv"));
    assertEquals("epoch,accuracy,learning_rate,loss,val_accuracy,val_loss", csv.get(0)); // train logs the learning rate
    assertEquals(3, csv.size());

    Path pets = TestUtil.shared().resolve("data/pets/validation");
    Run e = run("evaluate", "--model", out.toString(), "--data", pets.toString());
    assertEquals(0, e.status(), e.err());
    assertTrue(e.out().contains("loss: ") && e.out().contains("accuracy: "), e.out());

    Path cat = Files.list(pets.resolve("cat")).sorted().findFirst().orElseThrow();
    Path text = tmp.resolve("notes.txt");
    Files.writeString(text, "hello");
    Run p = run("predict", "--model", out.toString(), cat.toString(), text.toString());
    assertEquals(1, p.status(), "a bad image makes the run fail");
    String[] fields = p.out().strip().split("\t");
    assertEquals(cat.toString(), fields[0]);
    float prob = Float.parseFloat(fields[1]);
    assertTrue(prob >= 0 && prob <= 1);
    assertTrue(List.of("horizontal", "vertical").contains(fields[2]), p.out());
    assertTrue(p.err().contains("notes.txt"), p.err());
  }

  @Test
  void missingModelAndSingleClassAreClearErrors(@TempDir Path tmp) throws Exception {
    Run r = run("predict", "--model", tmp.resolve("none").toString(), "x.jpg");
    assertEquals(1, r.status());
    assertTrue(r.err().contains(tmp.resolve("none").toString()), r.err());
    Files.createDirectories(tmp.resolve("one/cat"));
    r = run("train", "cnn", "--data", tmp.resolve("one").toString(), "--image-size", "32,32");
    assertEquals(1, r.status());
    assertTrue(r.err().contains("exactly 2 class folders"), r.err());
  }
}
