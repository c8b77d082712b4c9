package org.jkeras.callbacks;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.callbacks;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.validationData;
import static org.jkeras.Kwargs.verbose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jkeras.TestUtil;
import org.jkeras.layers.Dense;
import org.jkeras.models.Model;
import org.jkeras.models.Models;
import org.jkeras.models.Sequential;
import org.jkeras.optimizers.SGD;
import org.jkeras.utils.PyFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.StdArrays;

/**
 * Each callback on a model whose trajectory is known in closed form: y = w x (one weight, w0 = 0),
 * trained by SGD(0.1) on x = 1, y = 1, so w_t = 1 - 0.8^t (0.2, 0.36, 0.488, 0.590, 0.672...),
 * and validated on x = 1, y = 0.5: val_loss = (w - 0.5)^2 is lowest after the third epoch.
 */
class CallbacksTest {
  static final FloatNdArray X = StdArrays.ndCopyOf(new float[][] {{1f}});
  static final FloatNdArray Y = StdArrays.ndCopyOf(new float[][] {{1f}});
  static final FloatNdArray Y_VAL = StdArrays.ndCopyOf(new float[][] {{0.5f}});

  static Sequential model() {
    Sequential m = new Sequential(new Dense(1).useBias(false).kernelInitializer("zeros").inputShape(1));
    m.compile(new SGD(0.1), "mean_squared_error");
    return m;
  }

  static float weight(org.jkeras.callbacks.CallbackModel m) {
    return TestUtil.flat(m.getWeights().get(0))[0];
  }

  @Test
  void earlyStoppingStopsAfterPatienceAndRestoresTheBestWeights() {
    try (Sequential m = model()) {
      EarlyStopping es = new EarlyStopping("val_loss", 2).restoreBestWeights(true);
      var h = m.fit(X, Y, epochs(20), batchSize(1), validationData(X, Y_VAL), callbacks(es), verbose(0));
      // best at epoch index 2 (w = 0.488); no improvement at 3 and 4: patience 2 is exhausted at 4.
      assertEquals(5, h.get("val_loss").size());
      assertEquals(4, es.stoppedEpoch());
      assertEquals(2, es.bestEpoch());
      assertEquals(1 - Math.pow(0.8, 3), weight(m), 1e-6);
    }
  }

  @Test
  void earlyStoppingWithoutRestoreKeepsTheLastWeights() {
    try (Sequential m = model()) {
      var h = m.fit(X, Y, epochs(20), batchSize(1), validationData(X, Y_VAL), callbacks(new EarlyStopping("val_loss", 2)),
          verbose(0));
      assertEquals(5, h.get("loss").size());
      assertEquals(1 - Math.pow(0.8, 5), weight(m), 1e-6);
    }
  }

  @Test
  void monitoringAValueTheFitDoesNotLogFailsBeforeTheFirstStep() {
    try (Sequential m = model()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> m.fit(X, Y, epochs(3), batchSize(1), callbacks(new EarlyStopping("val_loss", 1)), verbose(0)));
      assertTrue(e.getMessage().contains("monitor=val_loss") && e.getMessage().contains("no validation data"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> m.fit(X, Y, epochs(3), batchSize(1),
          validationData(X, Y_VAL), callbacks(new ReduceLROnPlateau("val_acc", 0.5, 1)), verbose(0)));
      assertTrue(e.getMessage().contains("monitor=val_acc") && e.getMessage().contains("val_loss"), e.getMessage());
      assertEquals(0, m.trainer().optimizer().iterations());
    }
    assertThrows(IllegalArgumentException.class, () -> new EarlyStopping("val_loss", -1));
    assertThrows(IllegalArgumentException.class, () -> new EarlyStopping().minDelta(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau("loss", Double.NaN, 1));
    assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau("loss", -0.5, 1));
    assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau("loss", 1.0, 1));
  }

  @Test
  void modelCheckpointKeepsTheBestEpoch(@TempDir Path tmp) throws IOException {
    Path ckpt = tmp.resolve("best");
    try (Sequential m = model()) {
      ModelCheckpoint mc = new ModelCheckpoint(ckpt).saveBestOnly(true);
      m.fit(X, Y, epochs(6), batchSize(1), validationData(X, Y_VAL), callbacks(mc), verbose(0));
      assertEquals(Math.pow(0.488 - 0.5, 2), mc.best(), 1e-6);
    }
    try (Model back = Models.loadModel(ckpt)) {
      assertEquals(1 - Math.pow(0.8, 3), weight(back), 1e-6);
    }
  }

  @Test
  void modelCheckpointFormatsTheFilePathAsPython(@TempDir Path tmp) {
    try (Sequential m = model()) {
      String pattern = tmp.resolve("ckpt-{epoch:02d}-{val_loss:.4f}").toString();
      m.fit(X, Y, epochs(2), batchSize(1), validationData(X, Y_VAL), callbacks(new ModelCheckpoint(pattern)), verbose(0));
      assertTrue(Files.isDirectory(tmp.resolve("ckpt-01-0.0900")), list(tmp).toString());
      assertTrue(Files.isDirectory(tmp.resolve("ckpt-02-0.0196")), list(tmp).toString());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.fit(X, Y, epochs(1), batchSize(1),
          callbacks(new ModelCheckpoint(tmp.resolve("c-{val_loss:.2f}").toString())), verbose(0)));
      assertTrue(e.getMessage().contains("val_loss"), e.getMessage());
    }
  }

  /**
   * Keras 3's paths: a template ending in {@code .keras} writes Keras's file each epoch (loadable,
   * with the optimizer's state), {@code .weights.h5} needs saveWeightsOnly, and a legacy {@code
   * .h5} model file (which jkeras does not write) or weights only to a {@code .keras} path is refused
   * with Keras's message.
   */
  @Test
  void modelCheckpointWritesKerasFilesAsKeras3(@TempDir Path tmp) throws IOException {
    try (Sequential m = model()) {
      String pattern = tmp.resolve("ckpt-{epoch:02d}-{val_loss:.4f}.keras").toString();
      m.fit(X, Y, epochs(2), batchSize(1), validationData(X, Y_VAL), callbacks(new ModelCheckpoint(pattern)), verbose(0));
      assertEquals(List.of("ckpt-01-0.0900.keras", "ckpt-02-0.0196.keras"), list(tmp));
      assertTrue(Files.isRegularFile(tmp.resolve("ckpt-02-0.0196.keras")));
    }
    try (Model back = Models.loadModel(tmp.resolve("ckpt-02-0.0196.keras"))) {
      assertEquals(2, back.optimizer().iterations(), "the optimizer's state is in the checkpoint");
    }
    IllegalArgumentException legacy = assertThrows(IllegalArgumentException.class, () -> new ModelCheckpoint("model.h5"));
    assertTrue(legacy.getMessage().startsWith("The filepath provided must end in `.keras` (Keras model format)"),
        legacy.getMessage());
    IllegalArgumentException weights = assertThrows(IllegalArgumentException.class,
        () -> new ModelCheckpoint("model.keras").saveWeightsOnly(true));
    assertTrue(weights.getMessage().contains("must end in `.weights.h5`"), weights.getMessage());
  }

  /** A Dense layer whose config can be made to fail, so that a save fails half-way (after the SavedModel is staged). */
  static final class FlakyDense extends Dense {
    boolean fail;

    FlakyDense() {
      super(1);
      useBias(false).kernelInitializer("zeros").inputShape(1);
    }

    @Override
    public String className() {
      return "Dense";
    }

    @Override
    public Map<String, Object> getConfig() {
      if (fail) {
        throw new IllegalStateException("disk full (simulated)");
      }
      return super.getConfig();
    }
  }

  @Test
  void anExceptionDuringASaveLeavesThePreviousCheckpointIntact(@TempDir Path tmp) throws IOException {
    Path ckpt = tmp.resolve("ckpt");
    FlakyDense layer = new FlakyDense();
    float[] saved = new float[1];
    Callback breaker = new Callback() {
      @Override
      public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (epoch == 0) {
          saved[0] = weight(model());
        } else {
          layer.fail = true; // the checkpoint (next in the list) saves after this
        }
      }
    };
    try (Sequential m = new Sequential(layer)) {
      m.compile(new SGD(0.1), "mean_squared_error");
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.fit(X, Y, epochs(3), batchSize(1),
          callbacks(breaker, new ModelCheckpoint(ckpt).monitor("loss")), verbose(0)));
      assertEquals("disk full (simulated)", e.getMessage());
    }
    assertEquals(List.of("ckpt"), list(tmp), "no staging folder left behind");
    try (Model back = Models.loadModel(ckpt)) {
      assertEquals(saved[0], weight(back), 0f);
      assertEquals(0.2f, saved[0], 1e-6f);
    }
  }

  @Test
  void terminateOnNaNStopsAtTheBatchWithANaNLoss() {
    FloatNdArray x = StdArrays.ndCopyOf(new float[][] {{1f}, {1f}, {Float.NaN}, {1f}, {1f}});
    FloatNdArray y = StdArrays.ndCopyOf(new float[][] {{1f}, {1f}, {1f}, {1f}, {1f}});
    try (Sequential m = model()) {
      TerminateOnNaN t = new TerminateOnNaN();
      var h = m.fit(x, y, epochs(5), batchSize(1), shuffle(false), callbacks(t), verbose(0));
      assertEquals(2, t.terminatedAtBatch());
      assertEquals(3, m.trainer().optimizer().iterations(), "the epoch ends at the NaN batch");
      assertEquals(1, h.get("loss").size());
      assertTrue(h.get("loss").get(0).isNaN());
    }
    try (Sequential m = model()) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> m.fit(x, y, epochs(5), batchSize(1), shuffle(false), callbacks(new TerminateOnNaN(true)), verbose(0)));
      assertTrue(e.getMessage().contains("batch 2"), e.getMessage());
    }
  }

  @Test
  void reduceLROnPlateauMultipliesTheRateAndLogsIt() {
    try (Sequential m = model()) {
      m.setTrainable(false); // the loss never improves
      var r = new ReduceLROnPlateau("loss", 0.5, 1);
      var h = m.fit(X, Y, epochs(4), batchSize(1), callbacks(r), verbose(0));
      assertEquals(List.of(0.1, 0.1, 0.05, 0.025), rounded(h.get("learning_rate")));
      assertEquals(0.0125, m.trainer().optimizer().learningRate(), 1e-8);
    }
    try (Sequential m = model()) {
      m.setTrainable(false);
      var h = m.fit(X, Y, epochs(4), batchSize(1), callbacks(new ReduceLROnPlateau("loss", 0.5, 1).minLr(0.07)), verbose(0));
      assertEquals(List.of(0.1, 0.1, 0.07, 0.07), rounded(h.get("learning_rate")));
    }
  }

  static List<Double> rounded(List<Double> values) {
    return values.stream().map(v -> Math.round(v * 1e6) / 1e6).toList();
  }

  @Test
  void csvLoggerWritesKerasLayout(@TempDir Path tmp) throws IOException {
    Path csv = tmp.resolve("log.csv");
    try (Sequential m = model()) {
      var h = m.fit(X, Y, epochs(2), batchSize(1), callbacks(new CSVLogger(csv)), verbose(0));
      String expected = "epoch,loss,val_loss\r\n"
          + "0," + PyFormat.repr(h.get("loss").get(0)) + ",NA\r\n"
          + "1," + PyFormat.repr(h.get("loss").get(1)) + ",NA\r\n";
      assertEquals(expected, Files.readString(csv, StandardCharsets.UTF_8));
      m.fit(X, Y, epochs(1), batchSize(1), callbacks(new CSVLogger(csv, ";", true)), verbose(0));
      List<String> lines = Files.readAllLines(csv);
      assertEquals(4, lines.size());
      assertTrue(lines.get(3).startsWith("0;") && lines.get(3).endsWith(";NA"), lines.get(3));
    }
  }

  @Test
  void tensorBoardWritesKerasTagsInTrainAndValidationRuns(@TempDir Path tmp) throws IOException {
    Path logs = tmp.resolve("logs");
    try (Sequential m = model()) {
      var h = m.fit(X, Y, epochs(3), batchSize(1), validationData(X, Y_VAL), callbacks(new TensorBoard(logs)), verbose(0));
      Map<String, Map<Long, Float>> train = EventFiles.scalars(logs.resolve("train"));
      Map<String, Map<Long, Float>> val = EventFiles.scalars(logs.resolve("validation"));
      assertEquals(List.of("epoch_learning_rate", "epoch_loss"), train.keySet().stream().sorted().toList());
      assertEquals(List.of("epoch_loss", "evaluation_loss_vs_iterations"), val.keySet().stream().sorted().toList());
      for (int e = 0; e < 3; e++) {
        assertEquals(h.get("loss").get(e).floatValue(), train.get("epoch_loss").get((long) e));
        assertEquals(h.get("val_loss").get(e).floatValue(), val.get("epoch_loss").get((long) e));
        assertEquals(0.1f, train.get("epoch_learning_rate").get((long) e));
        assertEquals(h.get("val_loss").get(e).floatValue(), val.get("evaluation_loss_vs_iterations").get((long) e + 1));
      }
    }
  }

  static List<String> list(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }
}
