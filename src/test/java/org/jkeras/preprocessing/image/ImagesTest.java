package org.jkeras.preprocessing.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jkeras.TestUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.Shape;

class ImagesTest {

  @Test
  void pngFilesRoundTripExactlyInEveryColourMode(@TempDir Path tmp) throws Exception {
    for (Map.Entry<String, Integer> mode : Map.of("grayscale", 1, "rgb", 3, "rgba", 4).entrySet()) {
      FloatNdArray img = AugmentationTest.pattern(7, 9, mode.getValue());
      Path file = tmp.resolve(mode.getKey() + ".png");
      Images.saveImg(file, img, false); // the values as they are (Keras's default scale=True rescales)
      FloatNdArray back = Images.loadImg(file, mode.getKey());
      assertEquals(img.shape(), back.shape(), mode.getKey());
      assertArrayEquals(TestUtil.flat(img), TestUtil.flat(back), 0f, mode.getKey());
    }
  }

  @Test
  void realPhotosLoadAtTheirSize() throws Exception {
    Path cat;
    try (var s = Files.list(TestUtil.shared().resolve("data/pets/validation/cat"))) {
      cat = s.sorted().findFirst().orElseThrow();
    }
    FloatNdArray img = Images.loadImg(cat);
    assertEquals(3, img.shape().numDimensions());
    assertEquals(3, img.shape().get(2));
    assertTrue(img.shape().get(0) >= 100 && img.shape().get(1) >= 100, img.shape().toString());
  }

  @Test
  void contactSheetCentresEveryImageInItsCell() {
    FloatNdArray a = AugmentationTest.pattern(4, 6, 3);
    FloatNdArray b = AugmentationTest.pattern(2, 2, 3);
    FloatNdArray sheet = Images.contactSheet(List.of(a, b, b), 2, 1);
    // 2 columns of 6-pixel cells, 2 rows of 4-pixel cells, 1-pixel gaps around them.
    assertEquals(Shape.of(2 * 4 + 3, 2 * 6 + 3, 3), sheet.shape());
    assertEquals(a.getFloat(0, 0, 1), sheet.getFloat(1, 1, 1), 0f);
    // b in the second cell: top = 1 + (4 - 2) / 2 = 2, left = 1 + 6 + 1 + (6 - 2) / 2 = 10.
    assertEquals(b.getFloat(1, 1, 2), sheet.getFloat(3, 11, 2), 0f);
    assertEquals(255f, sheet.getFloat(0, 0, 0), 0f, "white background");
  }

  @Test
  void badFilesAndArraysNameWhatIsWrong(@TempDir Path tmp) throws Exception {
    Path text = tmp.resolve("photo.jpg");
    Files.writeString(text, "hello");
    IOException e = assertThrows(IOException.class, () -> Images.loadImg(text));
    assertTrue(e.getMessage().contains("photo.jpg") && e.getMessage().contains("not a JPEG"), e.getMessage());
    assertThrows(NoSuchFileException.class, () -> Images.loadImg(tmp.resolve("none.png")));
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> Images.saveImg(tmp.resolve("two.png"), AugmentationTest.pattern(3, 3, 2)));
    assertTrue(bad.getMessage().contains("image.shape=(3, 3, 2)"), bad.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Images.saveImg(tmp.resolve("x.jpg"), AugmentationTest.pattern(3, 3, 3)));
    assertThrows(IllegalArgumentException.class, () -> Images.loadImg(text, "cmyk"));
    assertFalse(Files.exists(tmp.resolve("two.png")));
  }
}
