package org.jkeras.saving;

import static org.jkeras.Kwargs.verbose;
import static org.jkeras.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jkeras.backend.Names;
import org.jkeras.backend.Shapes;
import org.jkeras.data.SyntheticImages;
import org.jkeras.examples.SeedModels;
import org.jkeras.models.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/** Serving and inspecting a SavedModel from what it declares (Python-written ones: the parity suite). */
class ServingModelTest {

  @Test
  void signatureDiscoveredAndServedWithTheModelsPredictions(@TempDir Path tmp) throws IOException {
    Names.clearSession(); // the automatic names below (conv2d/kernel) as in a fresh session, whatever ran before
    SyntheticImages.Images images = SyntheticImages.generate(5, 32, 32, 9);
    Path dir = tmp.resolve("cnn");
    FloatNdArray expected;
    try (Sequential model = SeedModels.createModel(32, 32, 3)) {
      expected = model.predict(images.x(), verbose(0));
      model.export(dir);
    }
    SavedModelInfo info = SavedModelInfo.read(dir);
    assertFalse(info.hasObjectGraph());
    assertEquals(1, info.signatures().size());
    assertTrue(info.variables().stream().anyMatch(v -> v.name().equals("conv2d/kernel")), info.variables().toString());
    assertTrue(info.opTypes().containsKey("Conv2D"), info.opTypes().toString());
    try (ServingModel m = ServingModel.load(dir)) {
      assertEquals("serving_default", m.signature().key());
      assertEquals("inputs", m.input().key());
      assertEquals("(None, 32, 32, 3)", Shapes.format(m.input().shape()));
      assertEquals("output_0", m.output().key());
      assertEquals("float32", m.output().dtype());
      // Another session over the same graph: TF's CPU kernels may split a reduction differently from one run to
      // the next (seen once under heavy load: 1.5e-6 apart), so equal within float32 rounding, not bit for bit.
      assertArrayEquals(flat(expected), flat(m.predict(images.x())), 1e-5f);
      // Batches of 2 instead of 32: oneDNN may block the convolutions differently, float32 rounding
      // (seen in a clean-clone CI run: 0.76645327 against 0.76645213, 1.1e-6 apart, 19 ulps).
      assertArrayEquals(flat(expected), flat(m.predict(images.x(), 2)), 1e-5f);
      var e = assertThrows(IllegalArgumentException.class, () -> m.predict(NdArrays.ofFloats(Shape.of(1, 64, 64, 3))));
      assertTrue(e.getMessage().contains("(None, 32, 32, 3)") && e.getMessage().contains("(1, 64, 64, 3)"), e.getMessage());
    }
    var e = assertThrows(IllegalArgumentException.class, () -> ServingModel.load(dir, "serve"));
    assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("'serve'")
        && e.getMessage().contains("[serving_default]"), e.getMessage());
  }

  @Test
  void aFolderThatIsNoSavedModelIsNamed(@TempDir Path tmp) throws IOException {
    var e = assertThrows(IOException.class, () -> SavedModelInfo.read(tmp));
    assertTrue(e.getMessage().contains(tmp.toString()) && e.getMessage().contains("saved_model.pb"), e.getMessage());
    Files.write(tmp.resolve("saved_model.pb"), new byte[] {0x0a, (byte) 0xff, 0x01});
    e = assertThrows(IOException.class, () -> SavedModelInfo.read(tmp));
    assertTrue(e.getMessage().contains("saved_model.pb") && e.getMessage().contains("damaged"), e.getMessage());
  }
}
