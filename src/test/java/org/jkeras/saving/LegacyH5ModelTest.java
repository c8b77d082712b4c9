package org.jkeras.saving;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;
import static org.jkeras.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.WritableGroupImpl;
import io.jhdf.api.WritableGroup;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jkeras.backend.KerasVariable;
import org.jkeras.layers.BatchNormalization;
import org.jkeras.layers.Dense;
import org.jkeras.layers.Layer;
import org.jkeras.models.Model;
import org.jkeras.models.Models;
import org.jkeras.models.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * Whole-model {@code .h5} files as TF-Keras 2 writes them (written here with jhdf, in TF-Keras 2.18's
 * layout: its config keys, {@code Custom>Adam}, {@code MeanMetricWrapper}, {@code optimizer_weights}
 * from {@code iteration:0}); the parity case keras2_h5 loads files TF-Keras itself wrote.
 */
class LegacyH5ModelTest {
  private static final String MODEL_CONFIG = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"sequential\","
      + " \"layers\": [{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 4], \"dtype\":"
      + " \"float32\", \"sparse\": false, \"ragged\": false, \"name\": \"input_1\"}}, {\"class_name\": \"Dense\","
      + " \"config\": {\"name\": \"dense\", \"trainable\": true, \"dtype\": \"float32\", \"units\": 3, \"activation\":"
      + " \"relu\", \"use_bias\": true}}, {\"class_name\": \"BatchNormalization\", \"config\": {\"name\": \"bn\","
      + " \"trainable\": true, \"dtype\": \"float32\", \"axis\": [1], \"momentum\": 0.99, \"epsilon\": 0.001}},"
      + " {\"class_name\": \"Dense\", \"config\": {\"name\": \"out\", \"trainable\": true, \"dtype\": \"float32\","
      + " \"units\": 1, \"activation\": \"sigmoid\", \"use_bias\": true}}]}}";
  private static final String TRAINING_CONFIG = "{\"loss\": \"binary_crossentropy\", \"metrics\": [[{\"class_name\":"
      + " \"MeanMetricWrapper\", \"config\": {\"name\": \"accuracy\", \"dtype\": \"float32\", \"fn\": \"binary_accuracy\"}}]],"
      + " \"weighted_metrics\": null, \"loss_weights\": null, \"optimizer_config\": {\"class_name\": \"Custom>Adam\","
      + " \"config\": {\"name\": \"Adam\", \"weight_decay\": null, \"clipnorm\": null, \"global_clipnorm\": null,"
      + " \"clipvalue\": null, \"use_ema\": false, \"ema_momentum\": 0.99, \"ema_overwrite_frequency\": null,"
      + " \"jit_compile\": false, \"is_legacy_optimizer\": false, \"learning_rate\": 0.01, \"beta_1\": 0.9,"
      + " \"beta_2\": 0.999, \"epsilon\": 1e-07, \"amsgrad\": false}}}";

  /** The same architecture built in Java, compiled with Adam and trained two steps (non-zero moments). */
  private static Model trained() {
    Model m = new Sequential(new Dense(3).activation("relu").name("dense").inputShape(4),
        new BatchNormalization().name("bn"), new Dense(1).activation("sigmoid").name("out"));
    m.compile("adam", "binary_crossentropy", "accuracy");
    FloatNdArray x = NdArrays.ofFloats(Shape.of(4, 4));
    FloatNdArray y = NdArrays.ofFloats(Shape.of(4, 1));
    for (int i = 0; i < 4; i++) {
      y.setFloat(i % 2, i, 0);
      for (int j = 0; j < 4; j++) {
        x.setFloat((i * 4 + j) % 7 / 7f, i, j);
      }
    }
    m.fit(List.of(x), List.of(y), batchSize(2), epochs(1), shuffle(false), verbose(0));
    return m;
  }

  /**
   * {@code source}'s weights and optimizer state in TF-Keras 2.18's layout; {@code badSlot} (when
   * not negative) writes that slot with one value too many; {@code dropADataset} leaves slot 1 out
   * but names it.
   */
  private static void write(Path file, Model source, int badSlot, boolean dropADataset) throws IOException {
    WritableGroupImpl f = new WritableGroupImpl(null, "/");
    f.putAttribute("backend", "tensorflow");
    f.putAttribute("keras_version", "2.18.0");
    f.putAttribute("model_config", MODEL_CONFIG);
    f.putAttribute("training_config", TRAINING_CONFIG);
    WritableGroup weights = f.putGroup("model_weights");
    List<String> layerNames = new ArrayList<>();
    for (Layer l : source.layers()) {
      layerNames.add(l.name());
      WritableGroup g = weights.putGroup(l.name());
      List<KerasVariable> ws = new ArrayList<>(l.trainableWeights());
      ws.addAll(l.nonTrainableWeights());
      String[] names = new String[ws.size()];
      WritableGroup inner = g.putGroup(l.name());
      for (int i = 0; i < ws.size(); i++) {
        names[i] = l.name() + "/w" + i + ":0";
        inner.putDataset("w" + i + ":0", WeightLoadingTest.nested(ws.get(i).getValue()));
      }
      g.putAttribute("weight_names", names);
    }
    weights.putAttribute("layer_names", layerNames.toArray(new String[0]));
    WritableGroup opt = f.putGroup("optimizer_weights");
    List<String> names = new ArrayList<>(List.of("iteration:0"));
    opt.putDataset("iteration:0", source.optimizer().iterations());
    WritableGroup adam = opt.putGroup("Adam");
    List<KerasVariable> slots = source.optimizer().optimizerVariables();
    for (int i = 0; i < slots.size(); i++) {
      FloatNdArray v = slots.get(i).getValue();
      Object value = i == badSlot ? new float[(int) v.size() + 1] : WeightLoadingTest.nested(v);
      names.add("Adam/slot" + i + ":0");
      if (!(dropADataset && i == 1)) {
        adam.putDataset("slot" + i + ":0", value);
      }
    }
    opt.putAttribute("weight_names", names.toArray(new String[0]));
    WeightLoadingTest.writeTree(file, f);
  }

  @Test
  void aTfKeras2FileLoadsWithItsOptimizerState(@TempDir Path tmp) throws IOException {
    Path file = tmp.resolve("k2.h5");
    try (Model source = trained()) {
      write(file, source, -1, false);
      try (Model m = Models.loadModel(file)) {
        WeightLoadingTest.assertSameWeights(source, m);
        assertEquals("Adam", m.optimizer().getClass().getSimpleName());
        assertEquals(0.01, m.optimizer().learningRate(), 1e-9, "the config's learning rate, not Keras's default");
        assertEquals(2, m.optimizer().iterations());
        List<KerasVariable> want = source.optimizer().optimizerVariables();
        List<KerasVariable> got = m.optimizer().optimizerVariables();
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
          assertArrayEquals(flat(want.get(i).getValue()), flat(got.get(i).getValue()), "slot " + i);
        }
        Object metrics = m.getCompileConfig().get("metrics");
        assertTrue(String.valueOf(metrics).contains("BinaryAccuracy") && String.valueOf(metrics).contains("accuracy"),
            "Keras 2's MeanMetricWrapper(binary_accuracy) is Keras's BinaryAccuracy: " + metrics);
      }
    }
  }

  @Test
  void aStateThatDoesNotFitIsSkippedWithKerassWarning(@TempDir Path tmp) throws IOException {
    Path file = tmp.resolve("k2.h5");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldErr = System.err;
    try (Model source = trained()) {
      write(file, source, 2, false);
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      try (Model m = Models.loadModel(file)) {
        WeightLoadingTest.assertSameWeights(source, m);
        assertEquals(0, m.optimizer().iterations(), "a fresh optimizer: nothing of the state is assigned");
        for (KerasVariable v : m.optimizer().optimizerVariables()) {
          for (float value : flat(v.getValue())) {
            assertEquals(0f, value);
          }
        }
      } finally {
        System.setErr(oldErr);
      }
    }
    String warning = err.toString(StandardCharsets.UTF_8);
    assertTrue(warning.contains("WARNING: Error in loading the saved optimizer state of " + file.toAbsolutePath()), warning);
    assertTrue(warning.contains("starting with a freshly initialized optimizer"), warning);
  }

  @Test
  void aNamedDatasetThatIsMissingIsAnErrorNamingTheFile(@TempDir Path tmp) throws IOException {
    Path file = tmp.resolve("k2.h5");
    try (Model source = trained()) {
      write(file, source, -1, true);
    }
    IOException e = assertThrows(IOException.class, () -> Models.loadModel(file).close());
    assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
    assertTrue(e.getMessage().contains("names `Adam/slot1:0` in `weight_names` but holds no dataset"), e.getMessage());
  }
}
