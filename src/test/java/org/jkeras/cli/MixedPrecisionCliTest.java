package org.jkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.jkeras.dtypepolicies.MixedPrecision;
import org.jkeras.layers.Layer;
import org.jkeras.models.Model;
import org.jkeras.models.Models;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --mixed-precision}: the model trains under mixed_bfloat16, its policies are saved, nothing leaks. */
class MixedPrecisionCliTest {

  @Test
  void trainWithMixedPrecisionSavesTheLayersPolicies(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("cnn");
    CliTest.Run r = CliTest.run("train", "cnn", "--image-size", "32,32", "--epochs", "1", "--augment", "--mixed-precision",
        "--out", out.toString());
    assertEquals(0, r.status(), r.err() + r.out());
    assertTrue(r.out().contains("Mixed precision: mixed_bfloat16 (weights in float32, computations in bfloat16"), r.out());
    assertEquals("float32", MixedPrecision.globalPolicy().name(), "the command's policy does not outlive it");
    try (Model m = Models.loadModel(out)) {
      List<Layer> layers = m.layers();
      assertEquals("mixed_bfloat16", layers.get(0).dtypePolicy().name());
      assertEquals("float32", layers.get(layers.size() - 1).dtypePolicy().name(), "the output layer in float32");
    }
  }

  @Test
  void anUnknownPolicyIsAUsageError() {
    CliTest.Run r = CliTest.run("train", "cnn", "--mixed-precision=mixed_int8");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("unknown --mixed-precision policy 'mixed_int8' (expected one of mixed_bfloat16,"
        + " mixed_float16)"), r.err());
    assertTrue(CliTest.run("train", "--help").out().contains("--mixed-precision"));
  }
}
