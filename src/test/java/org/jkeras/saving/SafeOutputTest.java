package org.jkeras.saving;

import static org.jkeras.Kwargs.callbacks;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.overwrite;
import static org.jkeras.Kwargs.verbose;
import static org.jkeras.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jkeras.TestUtil;
import org.jkeras.callbacks.CSVLogger;
import org.jkeras.callbacks.ModelCheckpoint;
import org.jkeras.data.SyntheticImages;
import org.jkeras.layers.Dense;
import org.jkeras.layers.Flatten;
import org.jkeras.models.Models;
import org.jkeras.models.Sequential;
import org.jkeras.random.Seeds;
import org.jkeras.utils.OutputTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;

/** Issue 11, finding 1: a writer replaces only what is recognisably its own kind of output. */
class SafeOutputTest {

  static Sequential smallModel(long seed) {
    Seeds.setRandomSeed(seed);
    Sequential m = new Sequential(new Flatten().inputShape(8, 8, 3), new Dense(2).activation("relu"), new Dense(1).activation("sigmoid"));
    m.compile("adam", "binary_crossentropy", "accuracy");
    return m;
  }

  @Test
  void saveRefusesAFileAFolderOfOtherFilesAndALink(@TempDir Path tmp) throws Exception {
    Path file = Files.writeString(tmp.resolve("notes.txt"), "mine");
    Path folder = Files.createDirectory(tmp.resolve("photos"));
    Files.writeString(folder.resolve("cat.jpg"), "not really a jpeg");
    Path link = Files.createSymbolicLink(tmp.resolve("link"), folder);
    String before = TestUtil.snapshot(tmp);
    try (Sequential m = smallModel(1)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.save(file));
      assertTrue(e.getMessage().contains("notes.txt") && e.getMessage().contains("a file"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> m.save(folder));
      assertTrue(e.getMessage().contains("cat.jpg") && e.getMessage().contains("not part of a SavedModel folder"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> m.save(link));
      assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> m.export(folder));
      assertThrows(IllegalArgumentException.class, () -> m.save(folder.resolve("..")));
      assertThrows(IllegalArgumentException.class, () -> m.save(folder.resolve(".")));
    }
    assertEquals(before, TestUtil.snapshot(tmp), "nothing was touched");
  }

  @Test
  void theCheckRefusesTheRootTheCurrentFolderAndEmptyPaths() {
    // Only the check, which creates nothing: no save is ever aimed at these paths.
    OutputTarget t = SavedModels.TARGET;
    Path cwd = Path.of("").toAbsolutePath();
    for (Path p : List.of(Path.of(""), Path.of("."), Path.of("/"), Path.of("x/.."), cwd, cwd.getParent(), Path.of(".."))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.check(p, true, "--out"), p.toString());
      assertTrue(e.getMessage().startsWith("--out " + p), e.getMessage());
    }
  }

  @Test
  void aReadOnlyFolderIsRefusedBeforeAnyWork(@TempDir Path tmp) throws Exception {
    // The superuser may write into any folder, so this holds for the other users only.
    org.junit.jupiter.api.Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "running as root");
    Path ro = Files.createDirectory(tmp.resolve("ro"));
    Files.setPosixFilePermissions(ro, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> SavedModels.TARGET.check(ro.resolve("model"), true, "--out"));
      assertTrue(e.getMessage().contains("is not writable"), e.getMessage());
    } finally {
      Files.setPosixFilePermissions(ro, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void aPathUnderAFileIsRefused(@TempDir Path tmp) throws Exception {
    Path file = Files.writeString(tmp.resolve("notes.txt"), "mine");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SavedModels.TARGET.check(file.resolve("model"), true, "--out"));
    assertTrue(e.getMessage().contains("is a file, not a folder"), e.getMessage());
  }

  @Test
  void aModelIsReplacedAnEmptyFolderTakenAndOverwriteFalseRespected(@TempDir Path tmp) throws Exception {
    SyntheticImages.Images x = SyntheticImages.generate(4, 8, 8, 3);
    Path dir = Files.createDirectory(tmp.resolve("m")); // empty: nothing to lose
    FloatNdArray first;
    FloatNdArray second;
    try (Sequential a = smallModel(1); Sequential b = smallModel(2)) {
      a.save(dir);
      first = a.predict(x.x(), verbose(0));
      second = b.predict(x.x(), verbose(0));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.save(dir, overwrite(false)));
      assertTrue(e.getMessage().contains("overwrite is false"), e.getMessage());
      try (var loaded = Models.loadModel(dir)) {
        assertArrayEquals(flat(first), flat(loaded.predict(x.x(), verbose(0))));
      }
      b.save(dir); // overwrite defaults to true, as Keras
    }
    try (var loaded = Models.loadModel(dir)) {
      assertArrayEquals(flat(second), flat(loaded.predict(x.x(), verbose(0))));
    }
    try (Stream<Path> s = Files.list(tmp)) {
      assertEquals(List.of("m"), s.map(p -> p.getFileName().toString()).toList(), "no lock file or staging folder left");
    }
  }

  @Test
  void aSavedModelWithAFileOfTheUsersInsideIsNotReplaced(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("m");
    try (Sequential a = smallModel(1)) {
      a.save(dir);
      Files.writeString(dir.resolve("README.txt"), "my notes about this model");
      assertThrows(IllegalArgumentException.class, () -> a.save(dir));
    }
    assertEquals("my notes about this model", Files.readString(dir.resolve("README.txt")));
  }

  @Test
  void saveWeightsReplacesOnlyAnHdf5File(@TempDir Path tmp) throws Exception {
    Path notHdf5 = Files.writeString(tmp.resolve("w.weights.h5"), "a text file named like weights");
    Path folder = Files.createDirectory(tmp.resolve("d.weights.h5"));
    try (Sequential m = smallModel(1)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.saveWeights(notHdf5));
      assertTrue(e.getMessage().contains("not an HDF5 weights file"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> m.saveWeights(folder));
      Path good = tmp.resolve("good.weights.h5");
      m.saveWeights(good);
      m.saveWeights(good); // an HDF5 file is replaced
      assertThrows(IllegalArgumentException.class, () -> m.saveWeights(good, overwrite(false)));
    }
    assertEquals("a text file named like weights", Files.readString(notHdf5));
  }

  @Test
  void callbacksRefuseTheirPathBeforeTheFirstStep(@TempDir Path tmp) throws Exception {
    Path notALog = Files.writeString(tmp.resolve("thesis.csv"), "chapter,pages\n1,20\n");
    Path folder = Files.createDirectory(tmp.resolve("ckpt"));
    Files.writeString(folder.resolve("keep.txt"), "keep");
    SyntheticImages.Images x = SyntheticImages.generate(8, 8, 8, 3);
    try (Sequential m = smallModel(1)) {
      List<FloatNdArray> before = m.getWeights();
      assertThrows(IllegalArgumentException.class,
          () -> m.fit(x.x(), x.y(), epochs(1), verbose(0), callbacks(new CSVLogger(notALog))));
      assertThrows(IllegalArgumentException.class,
          () -> m.fit(x.x(), x.y(), epochs(1), verbose(0), callbacks(new ModelCheckpoint(folder))));
      List<FloatNdArray> after = m.getWeights();
      for (int i = 0; i < before.size(); i++) {
        assertArrayEquals(flat(before.get(i)), flat(after.get(i)), "no training step ran");
      }
      // A CSV log of an earlier run is what CSVLogger may replace.
      Path log = tmp.resolve("log.csv");
      m.fit(x.x(), x.y(), epochs(1), verbose(0), callbacks(new CSVLogger(log)));
      m.fit(x.x(), x.y(), epochs(1), verbose(0), callbacks(new CSVLogger(log)));
      assertTrue(Files.readString(log).startsWith("epoch"));
    }
    assertEquals("chapter,pages\n1,20\n", Files.readString(notALog));
    assertFalse(Files.exists(folder.resolve("saved_model.pb")));
  }
}
