package org.jkeras.data;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.imageSize;
import static org.jkeras.Kwargs.labelMode;
import static org.jkeras.Kwargs.seed;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.subset;
import static org.jkeras.Kwargs.validationData;
import static org.jkeras.Kwargs.validationSplit;
import static org.jkeras.data.HostileImages.pet;
import static org.jkeras.data.HostileImages.truncatedJpeg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jkeras.Kwargs;
import org.jkeras.kwargs.Args;
import org.jkeras.layers.Conv2D;
import org.jkeras.layers.Dense;
import org.jkeras.layers.Flatten;
import org.jkeras.models.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image folders as a careless user or an attacker leaves them: every bad file is skipped, once, with its reason. */
class HostileImageFoldersTest {
  @TempDir
  Path tmp;

  /** What a dataset printed: stderr (warnings) and ImageDatasets.log (Keras's "Found N files" lines). */
  record Output(String err, String log) {}

  interface Body {
    void run() throws Exception;
  }

  static Output capture(Body body) throws Exception {
    PrintStream oldErr = System.err;
    PrintStream oldLog = ImageDatasets.log;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    ImageDatasets.log = new PrintStream(log, true, StandardCharsets.UTF_8);
    try {
      body.run();
    } finally {
      System.setErr(oldErr);
      ImageDatasets.log = oldLog;
    }
    return new Output(err.toString(StandardCharsets.UTF_8), log.toString(StandardCharsets.UTF_8));
  }

  static List<Integer> batchSizes(ImageFolderDataset ds) {
    List<Integer> sizes = new ArrayList<>();
    try (BatchIterator it = ds.iterator()) {
      while (it.hasNext()) {
        Batch b = it.next();
        assertEquals(b.size(), b.x().shape().get(0));
        sizes.add(b.size());
      }
    }
    return sizes;
  }

  static int count(String text, String part) {
    return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
  }

  // ---------------------------------------------------------------- finding 6: no empty batch

  @Test
  void batchesOfOnlyUndecodableImagesAreNeverYieldedInTheMiddleOrAtTheEnd() throws Exception {
    Path root = tmp.resolve("d");
    pet("cat", 0, root.resolve("a/1.jpg"));
    truncatedJpeg(root.resolve("b/1_truncated.jpg"));
    truncatedJpeg(root.resolve("b/2_truncated.jpg"));
    pet("dog", 0, root.resolve("b/3.jpg"));
    truncatedJpeg(root.resolve("b/4_truncated.jpg"));
    Output out = capture(() -> {
      try (ImageFolderDataset ds = ImageDatasets.imageDatasetFromDirectory(root, shuffle(false), batchSize(1), imageSize(16, 16))) {
        assertEquals(List.of(1, 1), batchSizes(ds), "two good images in batches of 1, the three truncated skipped");
        assertEquals(List.of(1, 1), batchSizes(ds), "the next epoch too, without decoding the bad files again");
        assertEquals(3, ds.skippedFiles().size());
      }
    });
    // Each truncated file is reported once, with its reason, though two epochs met it.
    for (String f : List.of("1_truncated.jpg", "2_truncated.jpg", "4_truncated.jpg")) {
      assertEquals(1, count(out.err(), f), out.err());
    }
    assertTrue(out.err().contains("cannot decode the image"), out.err());
  }

  @Test
  void aDatasetWhoseImagesAllFailToDecodeYieldsNoBatchAndSaysSoOnce() throws Exception {
    Path root = tmp.resolve("d");
    truncatedJpeg(root.resolve("a/1.jpg"));
    truncatedJpeg(root.resolve("b/1.jpg"));
    truncatedJpeg(root.resolve("b/2.jpg"));
    Output out = capture(() -> {
      try (ImageFolderDataset ds = ImageDatasets.imageDatasetFromDirectory(root, batchSize(2), imageSize(16, 16))) {
        assertEquals(List.of(), batchSizes(ds));
        assertEquals(List.of(), batchSizes(ds));
      }
    });
    assertEquals(1, count(out.err(), "WARNING: all 3 image files of this dataset were skipped"), out.err());
  }

  @Test
  void trainingSurvivesAValidationSetWhoseLastBatchIsOnlyATruncatedJpeg() throws Exception {
    // The run died with "input depth must be evenly divisible by filter depth": an empty batch reached the graph.
    Path root = tmp.resolve("d");
    for (int i = 0; i < 2; i++) {
      pet("cat", i, root.resolve("cat/" + i + ".jpg"));
      pet("dog", i, root.resolve("dog/" + i + ".jpg"));
    }
    truncatedJpeg(root.resolve("dog/zz_truncated.jpg"));
    capture(() -> {
      try (ImageFolderDataset train = ImageDatasets.imageDatasetFromDirectory(root, shuffle(false), batchSize(2),
              imageSize(16, 16), labelMode("binary"));
          ImageFolderDataset val = ImageDatasets.imageDatasetFromDirectory(root, shuffle(false), batchSize(4),
              imageSize(16, 16), labelMode("binary"));
          Sequential model = new Sequential(new Conv2D(4, 3, 3).activation("relu").inputShape(16, 16, 3), new Flatten(),
              new Dense(1).activation("sigmoid"))) {
        assertEquals(List.of(4), batchSizes(val), "4 good images, then a batch of only the truncated one: not yielded");
        model.compile("adam", "binary_crossentropy", "accuracy");
        var history = model.fit(train, epochs(1), validationData(val));
        assertTrue(history.history().containsKey("val_loss"), history.history().toString());
      }
    });
  }

  // ---------------------------------------------------------------- warnings once

  @Test
  void trainingAndValidationSubsetsReportEachBadFileOnce() throws Exception {
    Path root = tmp.resolve("d");
    for (int i = 0; i < 3; i++) {
      pet("cat", i, root.resolve("cat/" + i + ".jpg"));
      pet("dog", i, root.resolve("dog/" + i + ".jpg"));
    }
    Files.writeString(root.resolve("cat/notes.jpg"), "not a picture");
    Files.writeString(root.resolve("dog/._3.jpg"), "macOS resource fork");
    Files.createSymbolicLink(root.resolve("dog/gone.jpg"), tmp.resolve("deleted.jpg"));
    Output out = capture(() -> {
      Args.DatasetArg[] common = {validationSplit(0.5), seed(3), imageSize(16, 16), labelMode("binary")};
      try (ImageFolderDataset t = ImageDatasets.imageDatasetFromDirectory(root, concat(common, subset("training")));
          ImageFolderDataset v = ImageDatasets.imageDatasetFromDirectory(root, concat(common, subset("validation")))) {
        assertEquals(6, t.size() + v.size(), "the six photos, split between the subsets");
      }
    });
    for (String f : List.of("notes.jpg", "._3.jpg", "gone.jpg")) {
      assertEquals(1, count(out.err(), f), f + " warned once:\n" + out.err());
    }
    assertTrue(out.err().contains("gone.jpg: a broken symbolic link"), out.err());
    // As Keras: both calls say what they found (9 files with an image extension); the skips add up to 3.
    assertEquals(2, count(out.log(), "Found 9 files belonging to 2 classes."), out.log());
    int skipped = 0;
    for (String line : out.log().lines().toList()) {
      if (line.startsWith("Skipped ")) {
        skipped += Integer.parseInt(line.split(" ")[1]);
      }
    }
    assertEquals(3, skipped, out.log());
  }

  private static Args.DatasetArg[] concat(Args.DatasetArg[] a, Args.DatasetArg b) {
    Args.DatasetArg[] all = java.util.Arrays.copyOf(a, a.length + 1);
    all[a.length] = b;
    return all;
  }

  // ---------------------------------------------------------------- finding 7: unreadable files

  @Test
  void unreadableFilesAreSkippedWithTheirReasonNotTheWholeRun() throws Exception {
    Path root = tmp.resolve("d");
    pet("cat", 0, root.resolve("a/ok.jpg"));
    pet("dog", 0, root.resolve("b/ok.jpg"));
    Path later = pet("dog", 1, root.resolve("b/removed_later.jpg"));
    Files.createSymbolicLink(root.resolve("a/dangling.jpg"), tmp.resolve("nowhere.jpg"));
    Files.createSymbolicLink(root.resolve("a/loop.jpg"), root.resolve("a/loop.jpg"));
    Files.createDirectories(root.resolve("b/folder.jpg")); // a folder named like an image: walked into, not read
    boolean fifo = mkfifo(root.resolve("b/pipe.png")); // reading it would block forever
    Output out = capture(() -> {
      try (ImageFolderDataset ds = ImageDatasets.imageDatasetFromDirectory(root, shuffle(false), imageSize(16, 16))) {
        Files.delete(later); // gone between listing and decoding: skipped while training
        assertEquals(List.of(2), batchSizes(ds));
        assertEquals(List.of(later), List.copyOf(ds.skippedFiles()));
      }
    });
    assertTrue(out.err().contains("a/dangling.jpg: a broken symbolic link"), out.err());
    assertTrue(out.err().contains("a/loop.jpg: cannot read the file ("), out.err());
    assertTrue(out.err().contains("removed_later.jpg: no such file"), out.err());
    if (fifo) {
      assertTrue(out.err().contains("b/pipe.png: not a regular file"), out.err());
    }
    assertFalse(out.err().contains("folder.jpg"), out.err());
  }

  @Test
  void aFileWithoutReadPermissionIsSkippedWithTheReason() throws Exception {
    Path root = tmp.resolve("d");
    pet("cat", 0, root.resolve("a/ok.jpg"));
    pet("dog", 0, root.resolve("b/ok.jpg"));
    Path secret = pet("dog", 1, root.resolve("b/secret.jpg"));
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
    // As root, chmod 000 does not deny reading: the broken links and FIFO of the test above cover the path then.
    assumeFalse(Files.isReadable(secret), "running as root: permissions do not deny reading");
    Output out = capture(() -> {
      try (ImageFolderDataset ds = ImageDatasets.imageDatasetFromDirectory(root, imageSize(16, 16))) {
        assertEquals(2, ds.size());
      }
    });
    assertTrue(out.err().contains("secret.jpg: cannot read the file (permission denied)"), out.err());
  }

  private static boolean mkfifo(Path p) throws Exception {
    try {
      Process proc = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
      return proc.waitFor(10, TimeUnit.SECONDS) && proc.exitValue() == 0;
    } catch (java.io.IOException e) {
      return false; // no mkfifo on this system
    }
  }

  // ---------------------------------------------------------------- finding 8: links and empty classes

  @Test
  void aLinkedClassFolderIsFollowedAndLinkedFilesCountAsKerasDoes() throws Exception {
    Path root = tmp.resolve("d");
    pet("cat", 0, root.resolve("cat/0.jpg"));
    pet("cat", 1, root.resolve("cat/1.jpg"));
    pet("dog", 0, tmp.resolve("elsewhere/dogs/0.jpg"));
    pet("dog", 1, tmp.resolve("elsewhere/dogs/1.jpg"));
    Files.createSymbolicLink(root.resolve("dog"), tmp.resolve("elsewhere/dogs"));
    Files.createSymbolicLink(root.resolve("cat/linked.jpg"), tmp.resolve("elsewhere/dogs/0.jpg"));
    Output out = capture(() -> {
      try (ImageFolderDataset ds = ImageDatasets.imageDatasetFromDirectory(root, shuffle(false), imageSize(16, 16),
          labelMode("binary"))) {
        assertEquals(List.of("cat", "dog"), ds.classNames());
        assertEquals(List.of(root.resolve("cat/0.jpg"), root.resolve("cat/1.jpg"), root.resolve("cat/linked.jpg"),
            root.resolve("dog/0.jpg"), root.resolve("dog/1.jpg")), ds.filePaths());
        assertEquals(List.of(5), batchSizes(ds));
      }
    });
    assertTrue(out.log().contains("Found 5 files belonging to 2 classes."), out.log());
  }

  @Test
  void hiddenFoldersAreNoClassesAsInKeras() throws Exception {
    Path root = tmp.resolve("d");
    pet("cat", 0, root.resolve("cat/0.jpg"));
    pet("dog", 0, root.resolve("dog/0.jpg"));
    pet("dog", 1, root.resolve(".ipynb_checkpoints/0.jpg"));
    capture(() -> {
      try (ImageFolderDataset ds = ImageDatasets.imageDatasetFromDirectory(root, imageSize(16, 16), labelMode("binary"))) {
        assertEquals(List.of("cat", "dog"), ds.classNames());
        assertEquals(2, ds.size());
      }
    });
  }

  @Test
  void linksToParentFoldersEndTheWalkWithoutDuplicates() throws Exception {
    Path root = tmp.resolve("d");
    pet("cat", 0, root.resolve("cat/0.jpg"));
    pet("dog", 0, root.resolve("dog/sub/0.jpg"));
    Files.createSymbolicLink(root.resolve("cat/up"), root);
    Files.createSymbolicLink(root.resolve("dog/sub/self"), root.resolve("dog/sub"));
    Files.createSymbolicLink(root.resolve("dog/sub/loop"), root.resolve("dog/sub/loop"));
    Output out = capture(() -> {
      try (ImageFolderDataset ds = ImageDatasets.imageDatasetFromDirectory(root, shuffle(false), imageSize(16, 16))) {
        assertEquals(List.of(root.resolve("cat/0.jpg"), root.resolve("dog/sub/0.jpg")), ds.filePaths());
      }
    });
    assertTrue(out.err().contains("not following " + root.resolve("cat/up")), out.err());
    assertTrue(out.err().contains("not following " + root.resolve("dog/sub/self")), out.err());
  }

  @Test
  void anEmptyClassFolderWarnsAndRefusesBinaryLabels() throws Exception {
    Path root = tmp.resolve("d");
    pet("cat", 0, root.resolve("cat/0.jpg"));
    pet("cat", 1, root.resolve("cat/1.jpg"));
    Files.createDirectories(root.resolve("dog"));
    Files.writeString(root.resolve("dog/readme.jpg"), "no picture here either");
    Output refused = capture(() -> {
      var e = assertThrows(IllegalArgumentException.class,
          () -> ImageDatasets.imageDatasetFromDirectory(root, imageSize(16, 16), labelMode("binary")));
      assertEquals("When passing `label_mode=\"binary\"`, there must be exactly 2 class_names with images."
          + " Received: class_names=[cat, dog], and no image in class folder " + root.resolve("dog"), e.getMessage());
    });
    assertTrue(refused.log().contains("Found 3 files belonging to 2 classes."), refused.log());
    // int labels: Keras keeps the class and its index; jkeras says nothing will be learned about it.
    Output kept = capture(() -> {
      try (ImageFolderDataset ds = ImageDatasets.imageDatasetFromDirectory(root, imageSize(16, 16))) {
        assertEquals(List.of("cat", "dog"), ds.classNames());
        assertEquals(2, ds.size());
      }
    });
    assertTrue(kept.err().contains("WARNING: no image in class folder " + root.resolve("dog")), kept.err());
    // Keras's own check, with its wording: three class folders are not binary.
    Files.createDirectories(root.resolve("bird"));
    var e = assertThrows(IllegalArgumentException.class,
        () -> capture(() -> ImageDatasets.imageDatasetFromDirectory(root, imageSize(16, 16), labelMode("binary"))));
    assertEquals("When passing `label_mode=\"binary\"`, there must be exactly 2 class_names."
        + " Received: class_names=[bird, cat, dog]", e.getMessage());
  }

  // ---------------------------------------------------------------- finding 9: a decompression bomb in a folder

  @Test
  void aDecompressionBombPngIsSkippedWithAWarningNotDecoded() throws Exception {
    Path root = tmp.resolve("d");
    pet("cat", 0, root.resolve("a/ok.jpg"));
    pet("dog", 0, root.resolve("b/ok.jpg"));
    Path bomb = HostileImages.pngBomb(root.resolve("b/bomb.png"), 20000, 20000);
    assertTrue(Files.size(bomb) < 1_000_000, "400 M pixels in " + Files.size(bomb) + " bytes");
    Output out = capture(() -> {
      try (ImageFolderDataset ds = ImageDatasets.imageDatasetFromDirectory(root, shuffle(false), imageSize(16, 16))) {
        assertEquals(List.of(2), batchSizes(ds));
        assertEquals(List.of(bomb), List.copyOf(ds.skippedFiles()));
      }
    });
    assertTrue(out.err().contains("bomb.png: a 20000x20000 image (400,000,000 pixels to decode), above the limit of 89,478,485"
        + " pixels per image"), out.err());
  }
}
