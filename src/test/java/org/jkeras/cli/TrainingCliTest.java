package org.jkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jkeras.layers.Conv2D;
import org.jkeras.models.Model;
import org.jkeras.models.Models;
import org.jkeras.regularizers.L2;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The 4.3 model and the training-strategy options on the command line; {@code compare}. */
class TrainingCliTest {

  static CliTest.Run run(String... argv) {
    return CliTest.run(argv);
  }

  @Test
  void summaryCnnL2HasTheSeedCounts() {
    CliTest.Run r = run("summary", "cnn-l2");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("Total params: 44,396,609 (169.36 MB)"), r.out());
  }

  @Test
  void trainCnnL2WithAScheduleEarlyStoppingAndTensorBoard(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("model");
    Path tb = tmp.resolve("tb");
    CliTest.Run r = run("train", "cnn-l2", "--image-size", "32,32", "--epochs", "2", "--optimizer", "sgd", "--learning-rate",
        "0.001", "--lr-schedule", "exponential", "--early-stopping", "3", "--l2", "0.01", "--tensorboard", tb.toString(),
        "--out", out.toString());
    assertEquals(0, r.status(), r.err() + r.out());
    assertTrue(r.out().contains("learning_rate: "), r.out());
    List<String> csv = Files.readAllLines(out.resolve("history.csv"));
    assertEquals("epoch,accuracy,learning_rate,loss,val_accuracy,val_loss", csv.get(0));
    // ExponentialDecay(0.001, steps per epoch, 0.9): 0.9x after each epoch
    double lr0 = Double.parseDouble(csv.get(1).split(",")[2]);
    double lr1 = Double.parseDouble(csv.get(2).split(",")[2]);
    assertEquals(0.0009, lr0, 1e-9);
    assertEquals(0.00081, lr1, 1e-9);
    assertTrue(Files.list(tb.resolve("train")).anyMatch(p -> p.getFileName().toString().startsWith("events.out.tfevents.")));
    assertTrue(Files.list(tb.resolve("validation")).anyMatch(p -> p.getFileName().toString().startsWith("events.out.tfevents.")));
    try (Model m = Models.loadModel(out)) {
      Conv2D first = (Conv2D) m.layers().get(0);
      assertEquals(0.01, ((L2) first.kernelRegularizer()).l2(), 1e-12);
      assertEquals(3, m.losses().size());
      assertEquals("SGD", ((java.util.Map<?, ?>) ((java.util.Map<?, ?>) Models.metadata(out).get("compile_config"))
          .get("optimizer")).get("class_name"));
    }
  }

  @Test
  void badTrainingOptionsAreOneLineErrorsBeforeTraining() {
    String[][] cases = {
        {"--optimizer", "adafactor", "adafactor"},
        {"--lr-schedule", "linear", "linear"},
        {"--learning-rate", "-0.1", "--learning-rate"},
        {"--learning-rate", "nan", "--learning-rate"},
        {"--early-stopping", "soon", "--early-stopping"},
        {"--l2", "-0.001", "--l2"},
        {"--l2", "NaN", "--l2"},
    };
    for (String[] c : cases) {
      CliTest.Run r = run("train", "cnn-l2", "--image-size", "32,32", c[0], c[1]);
      assertEquals(2, r.status(), String.join(" ", c) + ": " + r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().contains(c[2]), r.err());
      assertFalse(r.out().contains("Epoch"), "no training: " + r.out());
    }
    CliTest.Run r = run("train", "cnn", "--l2", "0.01");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("--l2") && r.err().contains("cnn-l2"), r.err());
  }

  @Test
  void compareWritesCurvesAndPrintsBothGaps(@TempDir Path tmp) throws Exception {
    CliTest.Run r = run("compare", "cnn", "cnn-l2", "--max-per-class", "24", "--image-size", "32,32", "--epochs", "2", "--out",
        tmp.toString());
    assertEquals(0, r.status(), r.err() + r.out());
    assertTrue(r.out().contains("Final epoch"), r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.strip().startsWith("cnn ")), r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.strip().startsWith("cnn-l2 ")), r.out());
    BufferedImage png = ImageIO.read(tmp.resolve("curves.png").toFile());
    assertEquals(1400, png.getWidth());
    List<String> csv = Files.readAllLines(tmp.resolve("curves.csv"));
    assertEquals("model,epoch,loss,accuracy,val_loss,val_accuracy", csv.get(0));
    assertEquals(5, csv.size());
    assertTrue(csv.get(3).startsWith("cnn-l2,1,"), csv.toString());

    CliTest.Run bad = run("compare", "cnn");
    assertEquals(2, bad.status());
    bad = run("compare", "cnn", "resnet");
    assertEquals(2, bad.status());
    assertTrue(bad.err().contains("resnet"), bad.err());
  }
}
