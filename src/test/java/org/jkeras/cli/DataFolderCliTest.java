package org.jkeras.cli;

import static org.jkeras.data.HostileImages.pet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --data} on class folders as users leave them (issue 11, finding 8). */
class DataFolderCliTest {

  @Test
  void anEmptyClassFolderIsRefusedBeforeTrainingNotAOneClassModel(@TempDir Path tmp) throws Exception {
    Path data = tmp.resolve("data");
    pet("cat", 0, data.resolve("cat/0.jpg"));
    pet("cat", 1, data.resolve("cat/1.jpg"));
    Files.createDirectories(data.resolve("dog"));
    Path out = tmp.resolve("model");
    CliTest.Run r = CliTest.run("train", "cnn", "--data", data.toString(), "--epochs", "1", "--image-size", "32,32",
        "--validation-split", "0.5", "--out", out.toString());
    assertEquals(1, r.status(), r.out() + r.err());
    assertTrue(r.err().contains("When passing `label_mode=\"binary\"`, there must be exactly 2 class_names with images."
        + " Received: class_names=[cat, dog], and no image in class folder " + data.resolve("dog")), r.err());
    assertFalse(r.out().contains(" - loss: "), "refused before training:\n" + r.out());
    assertFalse(Files.exists(out));
  }

  @Test
  void aHiddenFolderIsNoClassAsInKeras(@TempDir Path tmp) throws Exception {
    Path data = tmp.resolve("data");
    for (int i = 0; i < 2; i++) {
      pet("cat", i, data.resolve("cat/" + i + ".jpg"));
      pet("dog", i, data.resolve("dog/" + i + ".jpg"));
    }
    Files.createDirectories(data.resolve(".ipynb_checkpoints"));
    CliTest.Run r = CliTest.run("train", "cnn", "--data", data.toString(), "--epochs", "1", "--image-size", "32,32",
        "--validation-split", "0.5", "--out", tmp.resolve("model").toString());
    assertEquals(0, r.status(), r.out() + r.err());
    assertTrue(Files.exists(tmp.resolve("model/saved_model.pb")), r.out());
  }
}
