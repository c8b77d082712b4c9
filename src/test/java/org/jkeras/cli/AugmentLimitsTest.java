package org.jkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jkeras.data.HostileImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code augment} on an image too large to augment: refused from its header with the documented
 * limit, before anything is decoded (the 12000x12000 JPEG grew past 10 GB).
 */
class AugmentLimitsTest {

  @Test
  void a12000x12000JpegIsRefusedFromItsHeaderBeforeDecoding(@TempDir Path tmp) throws Exception {
    Path big = HostileImages.uniformJpeg(tmp.resolve("big.jpg"), 12000, 12000);
    assertTrue(Files.size(big) < 4_000_000, "144 M grey pixels in " + Files.size(big) + " bytes");
    Path out = tmp.resolve("aug");
    CliTest.Run r = CliTest.run("augment", big.toString(), "--out", out.toString(), "--n", "1");
    assertEquals(1, r.status(), r.out() + r.err());
    assertEquals("jkeras augment: error: " + big + ": a 12000x12000 image (144,000,000 pixels), above augment's limit of"
        + " 12,582,912 pixels (12 megapixels, e.g. 4096x3072; augmenting takes about 0.5 KB of memory per pixel)."
        + " Resize the image first.", r.err().strip());
    assertFalse(Files.exists(out) && Files.list(out).findAny().isPresent(), "nothing written");
  }

  @Test
  void aDecompressionBombIsRefusedTheSameWay(@TempDir Path tmp) throws Exception {
    Path bomb = HostileImages.pngBomb(tmp.resolve("bomb.png"), 20000, 20000);
    CliTest.Run r = CliTest.run("augment", bomb.toString(), "--out", tmp.resolve("aug").toString());
    assertEquals(1, r.status());
    assertTrue(r.err().contains("a 20000x20000 image (400,000,000 pixels), above augment's limit"), r.err());
  }

  @Test
  void helpStatesTheLimit() {
    CliTest.Run r = CliTest.run("augment", "--help");
    assertEquals(0, r.status());
    assertTrue(r.out().contains("up to 12 megapixels (12,582,912 pixels"), r.out());
  }
}
