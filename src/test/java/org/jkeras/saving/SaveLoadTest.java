package org.jkeras.saving;

import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.verbose;
import static org.jkeras.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jkeras.data.SyntheticImages;
import org.jkeras.examples.SeedModels;
import org.jkeras.models.Model;
import org.jkeras.models.Models;
import org.jkeras.models.Sequential;
import org.jkeras.random.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.types.TFloat32;

class SaveLoadTest {

  @Test
  void savedModelServesAndReloadsWithIdenticalPredictions(@TempDir Path tmp) throws Exception {
    Seeds.setRandomSeed(5);
    SyntheticImages.Images images = SyntheticImages.generate(12, 32, 32, 5);
    Path dir = tmp.resolve("cnn");
    FloatNdArray before;
    try (Sequential model = SeedModels.createModel(32, 32, 3)) {
      model.compile("adam", "binary_crossentropy", "accuracy");
      model.fit(images.x(), images.y(), epochs(1), verbose(0));
      before = model.predict(images.x(), verbose(0));
      model.save(dir);
    }
    assertTrue(Files.isRegularFile(dir.resolve("saved_model.pb")));
    try (Model loaded = Models.loadModel(dir)) {
      assertArrayEquals(flat(before), flat(loaded.predict(images.x(), verbose(0))));
      assertTrue(loaded.trainer().compiled(), "compile config restored");
      Map<String, Double> r = loaded.evaluate(images.x(), images.y(), verbose(0));
      assertTrue(r.containsKey("loss") && r.containsKey("accuracy"), r.toString());
    }
    // The SavedModel itself, through TF-Java's loader and the serving signature.
    try (SavedModelBundle b = SavedModelBundle.load(dir.toString(), "serve");
        TFloat32 x = TFloat32.tensorOf(images.x().shape())) {
      images.x().copyTo(x);
      try (Result r = b.function("serving_default").call(Map.of("inputs", x))) {
        TFloat32 y = (TFloat32) r.get("output_0").orElseThrow();
        for (int i = 0; i < 12; i++) {
          assertEquals(before.getFloat(i, 0), y.getFloat(i, 0), 1e-6f);
        }
      }
    }
  }

  @Test
  void aFailedSaveKeepsTheModelAlreadyThere(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("m");
    try (Sequential model = SeedModels.createModel(32, 32, 3)) {
      model.save(dir);
    }
    byte[] pb = Files.readAllBytes(dir.resolve("saved_model.pb"));
    try (Sequential unbuilt = new Sequential(new org.jkeras.layers.Dense(1))) {
      assertThrows(IllegalStateException.class, () -> unbuilt.save(dir));
    }
    assertArrayEquals(pb, Files.readAllBytes(dir.resolve("saved_model.pb")));
    try (var s = Files.list(tmp)) {
      assertEquals(1, s.count(), "no temporary folder left behind");
    }
  }

  @Test
  void missingModelFolderNamesThePath(@TempDir Path tmp) {
    Path missing = tmp.resolve("nope");
    var e = assertThrows(java.io.FileNotFoundException.class, () -> Models.loadModel(missing));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }
}
