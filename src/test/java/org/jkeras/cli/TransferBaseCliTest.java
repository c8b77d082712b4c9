package org.jkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.jkeras.cli.CliTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train vgg16-transfer --base NAME}: the 4.4 model on another Keras application. */
class TransferBaseCliTest {

  @Test
  void trainsTheSeedHeadOnMobileNetV2(@TempDir Path tmp) {
    Path out = tmp.resolve("mobilenet");
    Run t = CliTest.run("train", "vgg16-transfer", "--base", "mobilenet_v2", "--weights", "none", "--freeze-base",
        "--image-size", "32,32", "--epochs", "1", "--out", out.toString());
    assertEquals(0, t.status(), t.err());
    Run i = CliTest.run("inspect", out.toString());
    assertEquals(0, i.status(), i.err());
    assertTrue(i.out().contains("block_16_project/kernel") && i.out().contains("DepthwiseConv2dNative"), i.out());
    assertTrue(!i.out().contains("block5_conv3/kernel"), "no VGG16 layer: " + i.out());
  }

  @Test
  void anUnknownBaseOrABaseForAnotherModelIsAUsageError() {
    Run r = CliTest.run("train", "vgg16-transfer", "--base", "resnet18", "--weights", "none");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("resnet18") && r.err().contains("resnet50_v2") && r.err().contains("efficientnet_b0"),
        r.err());
    r = CliTest.run("train", "cnn", "--base", "resnet50");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("--base") && r.err().contains("vgg16-transfer"), r.err());
  }
}
