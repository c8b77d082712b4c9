package org.jkeras.data;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.imageSize;
import static org.jkeras.Kwargs.labelMode;
import static org.jkeras.Kwargs.seed;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.subset;
import static org.jkeras.Kwargs.validationSplit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jkeras.TestUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

class ImageDatasetsTest {

  @Test
  void readsThePetsFolderAsKerasDoes() throws Exception {
    Path pets = TestUtil.shared().resolve("data/pets/train");
    try (ImageFolderDataset train = ImageDatasets.imageDatasetFromDirectory(pets, validationSplit(0.25),
            subset("training"), seed(1), imageSize(64, 64), batchSize(50), labelMode("binary"));
        ImageFolderDataset val = ImageDatasets.imageDatasetFromDirectory(pets, validationSplit(0.25),
            subset("validation"), seed(1), imageSize(64, 64), batchSize(50), labelMode("binary"))) {
      assertEquals(List.of("cat", "dog"), train.classNames());
      assertEquals(210, train.size());
      assertEquals(70, val.size());
      Set<Path> overlap = new HashSet<>(train.filePaths());
      overlap.retainAll(val.filePaths());
      assertTrue(overlap.isEmpty(), "training and validation subsets are disjoint");
      assertEquals(Shape.of(64, 64, 3), train.elementShape());
      int seen = 0;
      double min = 255;
      double max = 0;
      try (BatchIterator it = val.iterator()) {
        while (it.hasNext()) {
          Batch b = it.next();
          assertEquals(Shape.of(b.size(), 64, 64, 3), b.x().shape());
          assertEquals(Shape.of(b.size(), 1), b.y().shape());
          for (float f : TestUtil.flat(b.x())) {
            min = Math.min(min, f);
            max = Math.max(max, f);
          }
          for (float f : TestUtil.flat(b.y())) {
            assertTrue(f == 0f || f == 1f);
          }
          seen += b.size();
        }
      }
      assertEquals(70, seen);
      assertTrue(min >= 0 && max <= 255 && max > 200, "float32 pixel values in 0..255, got " + min + ".." + max);
      assertTrue(train.skippedFiles().isEmpty());
    }
  }

  @Test
  void labelsFollowSortedClassFolders(@TempDir Path tmp) throws Exception {
    Path pets = TestUtil.shared().resolve("data/pets/validation");
    Path root = tmp.resolve("d");
    for (String c : List.of("zebra", "ant")) {
      Files.createDirectories(root.resolve(c));
    }
    Files.copy(pets.resolve("cat").resolve(first(pets.resolve("cat"))), root.resolve("ant/a.jpg"));
    Files.copy(pets.resolve("dog").resolve(first(pets.resolve("dog"))), root.resolve("zebra/z.jpg"));
    try (ImageFolderDataset ds = ImageDatasets.imageDatasetFromDirectory(root, shuffle(false), imageSize(8, 8))) {
      assertEquals(List.of("ant", "zebra"), ds.classNames());
      try (BatchIterator it = ds.iterator()) {
        Batch b = it.next();
        assertEquals(Shape.of(2), b.y().shape());
        assertEquals(0f, b.y().getFloat(0));
        assertEquals(1f, b.y().getFloat(1));
      }
    }
  }

  @Test
  void nonImageFilesAreSkippedWithAWarningNamingThem(@TempDir Path tmp) throws Exception {
    Path pets = TestUtil.shared().resolve("data/pets/validation");
    Path root = tmp.resolve("d");
    Files.createDirectories(root.resolve("a"));
    Files.createDirectories(root.resolve("b"));
    Files.copy(pets.resolve("cat").resolve(first(pets.resolve("cat"))), root.resolve("a/ok.jpg"));
    Files.copy(pets.resolve("dog").resolve(first(pets.resolve("dog"))), root.resolve("b/ok.jpg"));
    Files.writeString(root.resolve("a/notes.jpg"), "this is not a picture");
    byte[] jpeg = Files.readAllBytes(root.resolve("b/ok.jpg"));
    Files.write(root.resolve("b/truncated.jpg"), java.util.Arrays.copyOf(jpeg, 20));
    PrintStream oldErr = System.err;
    PrintStream oldLog = ImageDatasets.log;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true));
    ImageDatasets.log = new PrintStream(log, true);
    try (ImageFolderDataset ds = ImageDatasets.imageDatasetFromDirectory(root, shuffle(false), imageSize(16, 16))) {
      int seen = 0;
      try (BatchIterator it = ds.iterator()) {
        while (it.hasNext()) {
          seen += it.next().size();
        }
      }
      assertEquals(2, seen, "the two good images");
      assertEquals(1, ds.skippedFiles().size());
      assertTrue(ds.skippedFiles().iterator().next().endsWith("truncated.jpg"));
    } finally {
      System.setErr(oldErr);
      ImageDatasets.log = oldLog;
    }
    assertTrue(err.toString().contains("notes.jpg"), err.toString());
    assertTrue(err.toString().contains("truncated.jpg"), err.toString());
    // As Keras, "Found" counts every file with an image extension; jkeras then skips the one that is no image.
    assertTrue(log.toString().contains("Found 4 files belonging to 2 classes."), log.toString());
    assertTrue(log.toString().contains("Skipped 1 files that are not readable images (see the warnings)."), log.toString());
  }

  @Test
  void emptyFolderAndBadArgumentsAreClearErrors(@TempDir Path tmp) throws Exception {
    Files.createDirectories(tmp.resolve("e/a"));
    var e = assertThrows(IllegalArgumentException.class,
        () -> ImageDatasets.imageDatasetFromDirectory(tmp.resolve("e")));
    assertTrue(e.getMessage().contains("No images found in directory"), e.getMessage());
    var missing = assertThrows(java.io.FileNotFoundException.class,
        () -> ImageDatasets.imageDatasetFromDirectory(tmp.resolve("missing")));
    assertTrue(missing.getMessage().contains("missing"), missing.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ImageDatasets.imageDatasetFromDirectory(tmp.resolve("e"), validationSplit(0.2)));
    assertTrue(e.getMessage().contains("`subset`"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ImageDatasets.imageDatasetFromDirectory(tmp.resolve("e"), validationSplit(0.2), subset("training")));
    assertTrue(e.getMessage().contains("seed"), e.getMessage());
  }

  private static String first(Path dir) throws Exception {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().findFirst().orElseThrow();
    }
  }

  /** Decoded straight into a TF tensor, which the training step takes as it is: no copy through a Java array. */
  @Test
  void batchesAreTensorsFromDecodeToTheStep(@TempDir Path tmp) throws Exception {
    for (int i = 0; i < 3; i++) {
      ImageDatasetOptionsTest.png(tmp.resolve("a/" + i + ".png"), 4, 4, 10 * i);
    }
    try (ImageFolderDataset ds = ImageDatasets.imageDatasetFromDirectory(tmp, shuffle(false), imageSize(4, 4), batchSize(2));
        BatchIterator it = ds.iterator()) {
      Batch b = it.next();
      assertInstanceOf(TFloat32.class, b.x());
      assertEquals(10f, b.x().getFloat(1, 0, 0, 0));
      assertEquals(20f, it.next().x().getFloat(0, 0, 0, 0), "the last, smaller batch");
    }
  }
}
