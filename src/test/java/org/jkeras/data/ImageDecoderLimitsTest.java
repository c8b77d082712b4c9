package org.jkeras.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.commons.imaging.ImageFormats;
import org.apache.commons.imaging.Imaging;
import org.jkeras.preprocessing.image.Images;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;

/** The decoder shared by image folders, predict and load_img refuses hostile files from their header, before decoding. */
class ImageDecoderLimitsTest {
  @TempDir
  Path tmp;

  @Test
  void headerSizesAreTheDecodedSizesInAllFourFormats() throws Exception {
    BufferedImage img = new BufferedImage(37, 23, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 23; y++) {
      for (int x = 0; x < 37; x++) {
        img.setRGB(x, y, (x * 7) << 16 | (y * 11) << 8 | 99);
      }
    }
    for (ImageFormats f : new ImageFormats[] {ImageFormats.PNG, ImageFormats.GIF, ImageFormats.BMP}) {
      Path file = tmp.resolve("img." + f.name().toLowerCase());
      Files.write(file, Imaging.writeImageToBytes(img, f));
      assertArrayEquals(new long[] {23, 37}, ImageDecoder.imageSize(file), f.name());
      assertEquals(org.tensorflow.ndarray.Shape.of(23, 37, 3), Images.loadImg(file).shape(), f.name());
    }
    Path photo = HostileImages.pet("cat", 0, tmp.resolve("cat.jpg"));
    FloatNdArray decoded = Images.loadImg(photo);
    assertArrayEquals(new long[] {decoded.shape().get(0), decoded.shape().get(1)}, ImageDecoder.imageSize(photo));
    Path grey = HostileImages.uniformJpeg(tmp.resolve("grey.jpg"), 40, 70);
    assertArrayEquals(new long[] {40, 70}, ImageDecoder.imageSize(grey));
  }

  @Test
  void aPngBombIsRefusedByPredictsDecoderAndLoadImgWithTheLimit() throws Exception {
    Path bomb = HostileImages.pngBomb(tmp.resolve("bomb.png"), 20000, 20000);
    String expected = bomb + ": a 20000x20000 image (400,000,000 pixels to decode), above the limit of 89,478,485 pixels"
        + " per image (a decompression-bomb guard, Pillow's MAX_IMAGE_PIXELS; raise it with java -Djkeras.maxImagePixels=N).";
    try (ImageDecoder predicts = new ImageDecoder(32, 32, 3, "bilinear")) {
      assertEquals(expected, assertThrows(IOException.class, () -> predicts.decode(bomb)).getMessage());
    }
    assertEquals(expected, assertThrows(IOException.class, () -> Images.loadImg(bomb)).getMessage());
  }

  @Test
  void aGifWhoseFramesDwarfItsScreenIsRefused() throws Exception {
    Path bomb = HostileImages.gifFrameBomb(tmp.resolve("frames.gif"));
    var e = assertThrows(IOException.class, () -> Images.loadImg(bomb));
    assertTrue(e.getMessage().contains("a 1x1 image (900,000,000 pixels to decode), above the limit"), e.getMessage());
  }

  @Test
  void truncatedHeadersAreUndecodableNotGuessed() throws Exception {
    byte[] png = Files.readAllBytes(HostileImages.pngBomb(tmp.resolve("small.png"), 10, 10));
    Path cut = Files.write(tmp.resolve("cut.png"), java.util.Arrays.copyOf(png, 20));
    var e = assertThrows(IOException.class, () -> Images.loadImg(cut));
    assertEquals(cut + ": cannot decode the image (no image size in its png header: truncated or damaged).", e.getMessage());
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard: reading a FIFO blocks until someone writes
  void aFolderOrAFifoGivenAsAnImageIsANamedErrorNotAHang() throws Exception {
    var dir = assertThrows(IOException.class, () -> ImageDecoder.read(tmp));
    assertEquals(tmp + ": a folder, expected an image file.", dir.getMessage());
    Path fifo = tmp.resolve("pipe.jpg");
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo is not available");
    try (ImageDecoder predicts = new ImageDecoder(32, 32, 3, "bilinear")) {
      var e = assertThrows(IOException.class, () -> predicts.decode(fifo));
      assertEquals(fifo + ": not a regular file (a pipe, socket or device), expected an image file.", e.getMessage());
    }
  }
}
