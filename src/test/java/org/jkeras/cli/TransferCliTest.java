package org.jkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jkeras.cli.CliTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vgg16-transfer model and the inspect command from the command line. */
class TransferCliTest {

  @Test
  void summaryShowsTheSeedCountsFrozenOrNot() {
    Run r = CliTest.run("summary", "vgg16-transfer", "--freeze-base");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("Total params: 27,560,769"), r.out());
    assertTrue(r.out().contains("Trainable params: 12,846,081"), r.out());
    assertTrue(r.out().contains("Non-trainable params: 14,714,688"), r.out());
    Run all = CliTest.run("summary", "vgg16-transfer", "--input-shape", "32,32,3");
    assertTrue(all.out().contains("Trainable params: 14,977,857"), all.out());
    Run small = CliTest.run("summary", "vgg16-transfer", "--input-shape", "16,16,3");
    assertEquals(1, small.status());
    assertTrue(small.err().contains("at least 32x32") && small.err().contains("(16, 16, 3)"), small.err());
  }

  @Test
  void optionsOfVgg16TransferAreUsageErrorsElsewhereOrWhenWrong() {
    Run r = CliTest.run("train", "cnn", "--freeze-base");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("--freeze-base") && r.err().contains("vgg16-transfer"), r.err());
    r = CliTest.run("train", "vgg16-transfer", "--weights", "none", "--image-size", "32,32", "--fine-tune-from", "block9");
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().contains("block9") && r.err().contains("block5"), r.err());
    r = CliTest.run("train", "vgg16-transfer", "--weights", "no-such-file.h5", "--image-size", "32,32");
    assertEquals(1, r.status());
    assertTrue(r.err().contains("no-such-file.h5"), r.err());
  }

  @Test
  void trainFrozenThenFineTuneSavesAModelThatInspectDescribes(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("vgg");
    Run t = CliTest.run("train", "vgg16-transfer", "--weights", "none", "--freeze-base", "--image-size", "32,32",
        "--epochs", "1", "--fine-tune-from", "block5", "--fine-tune-epochs", "1", "--out", out.toString());
    assertEquals(0, t.status(), t.err());
    assertTrue(t.out().contains("Fine-tuning from block5") && t.out().contains("Epoch 2/2"), t.out());
    assertEquals(3, Files.readAllLines(out.resolve("history.csv")).size());

    Run i = CliTest.run("inspect", out.toString());
    assertEquals(0, i.status(), i.err());
    assertTrue(i.out().contains("serving_default") && i.out().contains("inputs: float32 (None, 32, 32, 3)")
        && i.out().contains("output_0: float32 (None, 1)"), i.out());
    assertTrue(i.out().contains("block5_conv3/kernel") && i.out().contains("Conv2D"), i.out());

    Run bad = CliTest.run("inspect", tmp.toString());
    assertEquals(1, bad.status());
    assertTrue(bad.err().contains(tmp.toString()) && bad.err().contains("saved_model.pb"), bad.err());
    assertEquals(2, CliTest.run("inspect").status());
    assertEquals(0, CliTest.run("inspect", "--help").status());
  }
}
