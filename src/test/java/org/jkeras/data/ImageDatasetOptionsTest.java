package org.jkeras.data;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.classNames;
import static org.jkeras.Kwargs.cropToAspectRatio;
import static org.jkeras.Kwargs.followLinks;
import static org.jkeras.Kwargs.imageSize;
import static org.jkeras.Kwargs.labelMode;
import static org.jkeras.Kwargs.labels;
import static org.jkeras.Kwargs.padToAspectRatio;
import static org.jkeras.Kwargs.seed;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.subset;
import static org.jkeras.Kwargs.validationSplit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.Shape;

/** The options of {@code image_dataset_from_directory} jkeras lacked (Keras's numbers are checked by the parity case). */
class ImageDatasetOptionsTest {

  /** A PNG of {@code h} x {@code w} whose red value is {@code value} and green the row (lossless, so exact). */
  static Path png(Path file, int h, int w, int value) throws Exception {
    Files.createDirectories(file.getParent());
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, (value << 16) | (y << 8));
      }
    }
    ImageIO.write(img, "png", file.toFile());
    return file;
  }

  /** Classes a (values 0..5) and b (values 10..15), 6 images each. */
  static Path folder(Path tmp) throws Exception {
    for (int i = 0; i < 6; i++) {
      png(tmp.resolve("a/" + i + ".png"), 4, 4, i);
      png(tmp.resolve("b/" + i + ".png"), 4, 4, 10 + i);
    }
    return tmp;
  }

  /** The red value of every image of one pass, in order. */
  static List<Integer> pass(Dataset ds) {
    List<Integer> out = new ArrayList<>();
    try (BatchIterator it = ds.iterator()) {
      while (it.hasNext()) {
        Batch b = it.next();
        for (int i = 0; i < b.size(); i++) {
          out.add(Math.round(b.x().getFloat(i, 0, 0, 0)));
        }
      }
    }
    return out;
  }

  @Test
  void subsetBothReturnsTheDisjointPairTheValidationOneInFileOrderEveryEpoch(@TempDir Path tmp) throws Exception {
    Path dir = folder(tmp);
    try (ImageDatasetSplit both = ImageDatasets.imageDatasetsFromDirectory(dir, validationSplit(0.25), subset("both"),
        seed(3), imageSize(4, 4), batchSize(2))) {
      assertEquals(9, both.training().size());
      assertEquals(3, both.validation().size());
      List<Integer> val = pass(both.validation());
      assertEquals(val, pass(both.validation()), "the validation half is not shuffled");
      List<Integer> t1 = pass(both.training());
      List<Integer> t2 = pass(both.training());
      assertEquals(new HashSet<>(t1), new HashSet<>(t2));
      assertNotEquals(t1, t2, "the training half is reshuffled each epoch");
      HashSet<Integer> all = new HashSet<>(t1);
      all.addAll(val);
      assertEquals(12, all.size(), "together, every image once");
    }
    try (ImageDatasetSplit again = ImageDatasets.imageDatasetsFromDirectory(dir, validationSplit(0.25), subset("both"),
        seed(3), imageSize(4, 4), batchSize(2));
        ImageFolderDataset training = ImageDatasets.imageDatasetFromDirectory(dir, validationSplit(0.25),
            subset("training"), seed(3), imageSize(4, 4), batchSize(2))) {
      assertEquals(pass(again.training()), pass(training), "the same seed, the same order, epoch for epoch");
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageDatasets.imageDatasetFromDirectory(dir,
        validationSplit(0.25), subset("both"), seed(3)));
    assertTrue(e.getMessage().contains("imageDatasetsFromDirectory"), e.getMessage());
  }

  @Test
  void labelsAsAListOrNoneListTheWholeFolderAndClassNamesPickFolders(@TempDir Path tmp) throws Exception {
    Path dir = folder(tmp);
    List<Integer> given = List.of(2, 2, 0, 0, 0, 0, 5, 5, 5, 5, 5, 5);
    try (ImageFolderDataset ds = ImageDatasets.imageDatasetFromDirectory(dir, labels(given), shuffle(false),
        imageSize(4, 4), batchSize(12))) {
      assertEquals(List.of("0", "2", "5"), ds.classNames(), "the sorted labels, as strings");
      try (BatchIterator it = ds.iterator()) {
        Batch b = it.next();
        for (int i = 0; i < 12; i++) {
          assertEquals(given.get(i), Math.round(b.y().getFloat(i)), "label of file " + i);
        }
      }
    }
    try (ImageFolderDataset ds = ImageDatasets.imageDatasetFromDirectory(dir, labelMode(null), shuffle(false),
        imageSize(4, 4))) {
      assertNull(ds.labelShape());
      assertEquals(List.of(0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15), pass(ds));
    }
    try (ImageFolderDataset ds = ImageDatasets.imageDatasetFromDirectory(dir, classNames("b"), shuffle(false),
        imageSize(4, 4), labelMode("int"))) {
      assertEquals(List.of(10, 11, 12, 13, 14, 15), pass(ds), "only the folders named, labelled in their order");
    }
    assertThrows(IllegalArgumentException.class, () -> ImageDatasets.imageDatasetFromDirectory(dir, labels(List.of(1, 2))));
    assertThrows(IllegalArgumentException.class,
        () -> ImageDatasets.imageDatasetFromDirectory(dir, labels(given), classNames("a", "b")));
    assertThrows(IllegalArgumentException.class, () -> ImageDatasets.imageDatasetFromDirectory(dir, classNames("c")));
  }

  @Test
  void cropTakesTheCentredWindowPadFitsTheWholeImageBetweenZeros(@TempDir Path tmp) throws Exception {
    png(tmp.resolve("c/tall.png"), 8, 4, 100); // 8 rows, 4 columns; green = row
    try (ImageFolderDataset crop = ImageDatasets.imageDatasetFromDirectory(tmp, cropToAspectRatio(true), imageSize(4, 4),
        shuffle(false));
        ImageFolderDataset pad = ImageDatasets.imageDatasetFromDirectory(tmp, padToAspectRatio(true), imageSize(4, 4),
            shuffle(false))) {
      Batch c = crop.iterator().next();
      assertEquals(Shape.of(1, 4, 4, 3), c.x().shape());
      for (int row = 0; row < 4; row++) {
        assertEquals(row + 2, c.x().getFloat(0, row, 1, 1), 1e-4, "rows 2..5 of 8, the centred square");
      }
      Batch p = pad.iterator().next();
      for (int row = 0; row < 4; row++) {
        assertEquals(0f, p.x().getFloat(0, row, 0, 0), "a zero column left");
        assertEquals(0f, p.x().getFloat(0, row, 3, 0), "a zero column right");
        assertEquals(100f, p.x().getFloat(0, row, 1, 0), 1e-4, "the image, scaled to 4x2, between them");
      }
    }
    assertThrows(IllegalArgumentException.class,
        () -> ImageDatasets.imageDatasetFromDirectory(tmp, cropToAspectRatio(true), padToAspectRatio(true)));
  }

  @Test
  void followLinksDescendsIntoLinkedSubFolders(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("data");
    png(dir.resolve("a/0.png"), 4, 4, 1);
    png(tmp.resolve("elsewhere/1.png"), 4, 4, 2);
    Files.createSymbolicLink(dir.resolve("a/linked"), tmp.resolve("elsewhere"));
    try (ImageFolderDataset plain = ImageDatasets.imageDatasetFromDirectory(dir, imageSize(4, 4), shuffle(false));
        ImageFolderDataset followed = ImageDatasets.imageDatasetFromDirectory(dir, imageSize(4, 4), shuffle(false),
            followLinks(true))) {
      assertEquals(List.of(1), pass(plain));
      assertEquals(List.of(1, 2), pass(followed));
    }
  }
}
