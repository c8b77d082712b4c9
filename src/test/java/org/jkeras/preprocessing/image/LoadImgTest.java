package org.jkeras.preprocessing.image;

import static org.jkeras.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Keras's load_img semantics on small PNGs with known pixels (the parity suite, keras3_utils,
 * compares every value with Keras and Pillow on real photos).
 */
class LoadImgTest {

  /** A w x h grey ramp, value 10 * x + y, saved without scaling. */
  static Path ramp(Path dir, int h, int w) throws Exception {
    FloatNdArray a = NdArrays.ofFloats(Shape.of(h, w, 1));
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        a.setFloat(10 * x + y, y, x, 0);
      }
    }
    Path f = dir.resolve("ramp" + h + "x" + w + ".png");
    Images.saveImg(f, a, false);
    return f;
  }

  static FloatNdArray image(Shape shape, float... values) {
    return NdArrays.wrap(shape, DataBuffers.of(values, false, false));
  }

  @Test
  void nearestIsTheDefaultAndTakesThePixelUnderEachCentre(@TempDir Path tmp) throws Exception {
    Path f = ramp(tmp, 4, 8);
    FloatNdArray img = Images.loadImg(f, new int[] {2, 4}, "grayscale", "nearest");
    // centres of the 2x4 grid fall on source (x, y) = (1|3|5|7, 1|3)
    assertArrayEquals(new float[] {11, 31, 51, 71, 13, 33, 53, 73}, flat(img));
  }

  @Test
  void boxAndBilinearAverageWhenShrinking(@TempDir Path tmp) throws Exception {
    Path f = ramp(tmp, 2, 4);
    // box: each output pixel the mean of a 2x2 block: (0 + 10 + 1 + 11) / 4 = 5.5 -> 6 (Pillow rounds half up)
    assertArrayEquals(new float[] {6, 26}, flat(Images.loadImg(f, new int[] {1, 2}, "grayscale", "box")));
    // bilinear at scale 2 has a support of 2 pixels each side: weights over all 4 columns, unlike TF's 2-tap lerp
    FloatNdArray bl = Images.loadImg(f, new int[] {2, 2}, "grayscale", "bilinear");
    assertTrue(bl.getFloat(0, 0, 0) > 5 && bl.getFloat(0, 0, 0) < 10, "averaged beyond the two nearest: " + bl.getFloat(0, 0, 0));
  }

  @Test
  void keepAspectRatioResizesTheCentredCrop(@TempDir Path tmp) throws Exception {
    Path f = ramp(tmp, 4, 8);
    // target 2x2 (square): Keras crops the centred 4x4 (columns 2..5), then resizes it
    FloatNdArray img = Images.loadImg(f, new int[] {2, 2}, "grayscale", "nearest", true);
    assertArrayEquals(new float[] {31, 51, 33, 53}, flat(img));
    assertEquals(Shape.of(3, 5, 3), Images.loadImg(f, new int[] {3, 5}, "rgb", "bicubic", true).shape());
  }

  @Test
  void greyIsPillowsLumaAndRgbaAddsOpaqueAlpha(@TempDir Path tmp) throws Exception {
    FloatNdArray rgb = image(Shape.of(1, 2, 3), 200, 30, 90, 0, 255, 0);
    Path f = tmp.resolve("rgb.png");
    Images.saveImg(f, rgb, false);
    // (19595 R + 38470 G + 7471 B + 32768) >> 16
    assertArrayEquals(new float[] {(200 * 19595 + 30 * 38470 + 90 * 7471 + 32768) >> 16, (255 * 38470 + 32768) >> 16},
        flat(Images.loadImg(f, "grayscale")));
    assertArrayEquals(new float[] {200, 30, 90, 255, 0, 255, 0, 255}, flat(Images.loadImg(f, "rgba")));
  }

  @Test
  void saveImgScalesToTheFullRangeAsKeras(@TempDir Path tmp) throws Exception {
    FloatNdArray a = image(Shape.of(2, 2, 1), -1, 0, 1, 3);
    Path f = tmp.resolve("scaled.png");
    Images.saveImg(f, a);
    // (x - min) / (max - min) * 255, truncated: 0, 63.75 -> 63, 127.5 -> 127, 255
    assertArrayEquals(new float[] {0, 63, 127, 255}, flat(Images.loadImg(f, "grayscale")));
  }

  @Test
  void badArgumentsAreRefusedWithTheirKerasName(@TempDir Path tmp) throws Exception {
    Path f = ramp(tmp, 2, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Images.loadImg(f, new int[] {1, 1}, "rgb", "antialias"));
    assertTrue(e.getMessage().contains("interpolation=antialias") && e.getMessage().contains("lanczos"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Images.loadImg(f, new int[] {100_000, 100_000}, "rgb", "nearest"));
    assertTrue(e.getMessage().contains("target_size"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Images.loadImg(f, new int[] {0, 3}, "rgb", "nearest"));
    assertTrue(Files.exists(f));
  }
}
