package org.jkeras.saving;

import static org.jkeras.Kwargs.verbose;
import static org.jkeras.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.jkeras.data.SyntheticImages;
import org.jkeras.layers.Conv2D;
import org.jkeras.layers.Dense;
import org.jkeras.layers.Flatten;
import org.jkeras.models.Model;
import org.jkeras.models.Models;
import org.jkeras.models.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;

/** {@code Models.loadModel} on tampered and damaged model folders: none of the file's graph runs, errors name the file. */
class LoadModelTest {

  private static Path saved(Path tmp, String name) throws IOException {
    Path dir = tmp.resolve(name);
    try (Sequential m = new Sequential(new Conv2D(2, 3).inputShape(8, 8, 3), new Flatten(), new Dense(1).activation("sigmoid"))) {
      m.compile("adam", "binary_crossentropy", "accuracy");
      m.save(dir);
    }
    return dir;
  }

  @Test
  void loadingAJkerasModelRunsNoneOfItsGraph(@TempDir Path tmp) throws IOException {
    SyntheticImages.Images images = SyntheticImages.generate(4, 8, 8, 3);
    Path dir = tmp.resolve("m");
    FloatNdArray before;
    try (Sequential m = new Sequential(new Conv2D(2, 3).inputShape(8, 8, 3), new Flatten(), new Dense(1).activation("sigmoid"))) {
      before = m.predict(images.x(), verbose(0));
      m.save(dir);
    }
    Path written = tmp.resolve("written_at_load.txt");
    HostileModels.addMainOpWriting(dir, written);
    try (Model loaded = Models.loadModel(dir)) {
      assertArrayEquals(flat(before), flat(loaded.predict(images.x(), verbose(0))), 1e-6f);
    }
    assertFalse(Files.exists(written), "the SavedModel's main_op did not run");
  }

  @Test
  void aDamagedCheckpointIsOneLineNamingTheFile(@TempDir Path tmp) throws IOException {
    Path dir = saved(tmp, "index");
    Path index = dir.resolve("variables/variables.index");
    truncate(index);
    IOException e = assertThrows(IOException.class, () -> Models.loadModel(dir));
    assertOneLine(e, index + " is truncated or damaged");
    e = assertThrows(IOException.class, () -> ServingModel.load(dir));
    assertOneLine(e, index + " is truncated or damaged");

    Path dir2 = saved(tmp, "data");
    Path data = dir2.resolve("variables/variables.data-00000-of-00001");
    truncate(data);
    e = assertThrows(IOException.class, () -> Models.loadModel(dir2));
    assertOneLine(e, data + " is truncated or damaged");
  }

  @Test
  void anInvalidConfigIsOneLineNamingTheFile(@TempDir Path tmp) throws IOException {
    Path dir = saved(tmp, "m");
    Path config = dir.resolve(SavedModels.CONFIG_FILE);
    String text = Files.readString(config);
    Files.writeString(config, text.substring(0, 45));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Models.loadModel(dir));
    assertOneLine(e, config + " is not valid JSON");
    e = assertThrows(IllegalArgumentException.class, () -> Models.metadata(dir));
    assertOneLine(e, config + " is not valid JSON");
    Files.writeString(config, "[" .repeat(100_000));
    e = assertThrows(IllegalArgumentException.class, () -> Models.loadModel(dir));
    assertOneLine(e, config + " is not valid JSON");
    Files.writeString(config, "{\"format\": \"jkeras\", \"weights\": [1, 2]}");
    e = assertThrows(IllegalArgumentException.class, () -> Models.loadModel(dir));
    assertOneLine(e, config + " is not a jkeras model config");
    Files.writeString(config, text.replace("\"class_name\": \"Conv2D\"", "\"class_name\": \"Frobnicate\""));
    e = assertThrows(IllegalArgumentException.class, () -> Models.loadModel(dir));
    assertOneLine(e, config + " is not a jkeras model config");
    Files.writeString(config, text.replace("\"conv2d", "\"gone"));
    e = assertThrows(IllegalArgumentException.class, () -> Models.loadModel(dir));
    assertOneLine(e, "has no variable `gone");
  }

  private static void truncate(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(b, b.length / 2));
  }

  private static void assertOneLine(Exception e, String expected) {
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }
}
