package org.jkeras.saving;

import static org.jkeras.Kwargs.verbose;
import static org.jkeras.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jkeras.data.SyntheticImages;
import org.jkeras.examples.SeedModels;
import org.jkeras.layers.Conv2D;
import org.jkeras.layers.Dense;
import org.jkeras.layers.Flatten;
import org.jkeras.layers.Input;
import org.jkeras.layers.KerasTensor;
import org.jkeras.models.Model;
import org.jkeras.models.Sequential;
import org.jkeras.random.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;

/** Keras's .weights.h5 from jkeras's side; the exchange with Python Keras is in the parity suite. */
class WeightsFileTest {

  @Test
  void roundTripGivesIdenticalWeightsAndPredictions(@TempDir Path tmp) throws Exception {
    Seeds.setRandomSeed(3);
    SyntheticImages.Images images = SyntheticImages.generate(6, 32, 32, 3);
    Path file = tmp.resolve("cnn.weights.h5");
    FloatNdArray before;
    List<FloatNdArray> weights;
    try (Sequential a = SeedModels.createModel(32, 32, 3)) {
      before = a.predict(images.x(), verbose(0));
      weights = a.getWeights();
      a.saveWeights(file);
    }
    try (Sequential b = SeedModels.createModel(32, 32, 3)) {
      assertFalse(java.util.Arrays.equals(flat(weights.get(0)), flat(b.getWeights().get(0))), "fresh model differs");
      b.loadWeights(file);
      List<FloatNdArray> loaded = b.getWeights();
      assertEquals(weights.size(), loaded.size());
      for (int i = 0; i < weights.size(); i++) {
        assertEquals(weights.get(i).shape(), loaded.get(i).shape());
        assertArrayEquals(flat(weights.get(i)), flat(loaded.get(i)));
      }
      assertArrayEquals(flat(before), flat(b.predict(images.x(), verbose(0))));
    }
  }

  @Test
  void fileHasKerasLayoutKeyedByClassNotByLayerName(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("m.weights.h5");
    try (Sequential m = new Sequential("seq",
        new Conv2D(2, 3, 3).name("first").inputShape(8, 8, 3),
        new Conv2D(4, 3, 3).name("second"),
        new Flatten(),
        new Dense(1).name("out"))) {
      m.saveWeights(file);
      FloatNdArray secondKernel = m.getLayer("second").getWeights().get(0);
      try (HdfFile f = new HdfFile(file)) {
        Group vars = (Group) f.getByPath("layers/conv2d_1/vars");
        assertEquals("second", vars.getAttribute("name").getData());
        Dataset k = (Dataset) f.getByPath("layers/conv2d_1/vars/0");
        assertArrayEquals(new int[] {3, 3, 2, 4}, k.getDimensions());
        assertArrayEquals(flat(secondKernel), (float[]) k.getDataFlat());
        assertArrayEquals(new int[] {4}, ((Dataset) f.getByPath("layers/conv2d_1/vars/1")).getDimensions());
        assertEquals(0, ((Group) f.getByPath("layers/flatten/vars")).getChildren().size());
        assertTrue(f.getByPath("layers/dense/vars/0") instanceof Dataset);
        assertEquals("seq", ((Group) f.getByPath("vars")).getAttribute("name").getData());
      }
    }
  }

  @Test
  void nestedModelRoundTrips(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("nested.weights.h5");
    List<FloatNdArray> weights;
    try (Model m = nested()) {
      weights = m.getWeights();
      m.saveWeights(file);
    }
    try (HdfFile f = new HdfFile(file)) {
      assertTrue(f.getByPath("layers/sequential/layers/conv2d/vars/0") instanceof Dataset, "Keras's nested path");
      assertTrue(f.getByPath("layers/input_layer/vars") instanceof Group, "a functional model lists its input layer");
    }
    try (Model m = nested()) {
      m.loadWeights(file);
      List<FloatNdArray> loaded = m.getWeights();
      for (int i = 0; i < weights.size(); i++) {
        assertArrayEquals(flat(weights.get(i)), flat(loaded.get(i)));
      }
    }
  }

  private static Model nested() {
    KerasTensor in = Input.of(8, 8, 3);
    Sequential base = new Sequential(new Conv2D(2, 3, 3).inputShape(8, 8, 3));
    KerasTensor x = base.apply(in);
    x = new Flatten().apply(x);
    x = new Dense(1).apply(x);
    return new Model(in, x);
  }

  @Test
  void otherArchitectureIsRefusedNamingLayerAndShapesAndChangesNothing(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("small.weights.h5");
    try (Sequential small = SeedModels.createModel(32, 32, 3)) {
      small.saveWeights(file);
    }
    try (Sequential big = SeedModels.createModel(40, 40, 3)) {
      List<FloatNdArray> before = big.getWeights();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> big.loadWeights(file));
      String msg = e.getMessage();
      assertTrue(msg.contains(file.toAbsolutePath().toString()), msg);
      String dense = big.layers().get(7).name();
      assertTrue(msg.contains("Layer '" + dense + "'"), msg);
      assertTrue(msg.contains("(1152, 512)") && msg.contains("(512, 512)"), "both shapes: " + msg);
      assertTrue(msg.contains("layers/dense/vars/0"), msg);
      List<FloatNdArray> after = big.getWeights();
      for (int i = 0; i < before.size(); i++) {
        assertArrayEquals(flat(before.get(i)), flat(after.get(i)), "weight " + i + " unchanged");
      }
    }
    // A model with one more Dense layer than the file: Keras's "expected 2 variables, but received 0".
    try (Sequential more = SeedModels.createModel(32, 32, 3)) {
      more.add(new Dense(1));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> more.loadWeights(file));
      assertTrue(e.getMessage().contains("expected 2 variables, but received 0"), e.getMessage());
      assertTrue(e.getMessage().contains("layers/dense_2/vars"), e.getMessage());
    }
  }

  @Test
  void badPathsAndFilesGiveClearErrors(@TempDir Path tmp) throws Exception {
    try (Sequential m = SeedModels.createModel(32, 32, 3)) {
      IllegalArgumentException suffix = assertThrows(IllegalArgumentException.class,
          () -> m.saveWeights(tmp.resolve("w.h5")));
      assertTrue(suffix.getMessage().contains("must end in `.weights.h5`. Received: filepath="), suffix.getMessage());
      Path missing = tmp.resolve("none.weights.h5");
      FileNotFoundException nf = assertThrows(FileNotFoundException.class, () -> m.loadWeights(missing));
      assertTrue(nf.getMessage().contains(missing.toAbsolutePath().toString()), nf.getMessage());
      Path junk = tmp.resolve("junk.weights.h5");
      Files.write(junk, "not an HDF5 file at all, just some text".getBytes());
      IOException io = assertThrows(IOException.class, () -> m.loadWeights(junk));
      assertTrue(io.getMessage().contains(junk.toAbsolutePath().toString()) && io.getMessage().contains("HDF5"),
          io.getMessage());
    }
    try (Sequential unbuilt = new Sequential(new Dense(1))) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> unbuilt.loadWeights(tmp.resolve("x.weights.h5")));
      assertTrue(e.getMessage().contains("not yet been built"), e.getMessage());
    }
  }

  @Test
  void failedSaveKeepsTheFileAlreadyThere(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("keep.weights.h5");
    Sequential m = SeedModels.createModel(32, 32, 3);
    m.predict(SyntheticImages.generate(2, 32, 32, 1).x(), verbose(0)); // weights now live in the graph
    m.saveWeights(file);
    byte[] bytes = Files.readAllBytes(file);
    m.close(); // frees the weight values: the next save fails half-way, after its temporary file exists
    RuntimeException e = assertThrows(RuntimeException.class, () -> m.saveWeights(file));
    assertInstanceOf(IllegalStateException.class, e);
    assertTrue(e.getMessage().contains("freed"), e.getMessage());
    assertArrayEquals(bytes, Files.readAllBytes(file));
    try (var s = Files.list(tmp)) {
      assertEquals(1, s.count(), "no temporary file left behind");
    }
  }
}
