package org.jkeras.callbacks;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.callbacks;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;
import static org.jkeras.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jkeras.TestUtil;
import org.jkeras.layers.Dense;
import org.jkeras.models.Sequential;
import org.jkeras.optimizers.Adam;
import org.jkeras.optimizers.SGD;
import org.jkeras.optimizers.schedules.ExponentialDecay;
import org.jkeras.utils.Progbar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;

/** LearningRateScheduler, LambdaCallback, BackupAndRestore and ModelCheckpoint(saveWeightsOnly) in short fits. */
class Keras3CallbacksTest {
  static final FloatNdArray X = TestUtil.array(new float[] {1, 2}, new float[] {0, 1}, new float[] {2, 0},
      new float[] {1, 1}, new float[] {3, 1}, new float[] {0, 2});
  static final FloatNdArray Y = TestUtil.array(new float[] {1}, new float[] {-1}, new float[] {2}, new float[] {0.5f},
      new float[] {1}, new float[] {0});

  /** A small MLP with fixed weights, trained by Adam: its moments make a resumed fit differ unless restored. */
  static Sequential model() {
    Sequential m = new Sequential(new Dense(4).activation("tanh").kernelInitializer("glorot_uniform").inputShape(2),
        new Dense(1));
    List<FloatNdArray> w = new ArrayList<>();
    float v = 0.1f;
    for (FloatNdArray a : m.getWeights()) {
      float[] values = new float[(int) a.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = v;
        v = -v * 1.3f + 0.05f;
      }
      w.add(NdArrays.wrap(a.shape(), DataBuffers.of(values)));
    }
    m.setWeights(w);
    m.compile(new Adam(0.05), "mean_squared_error");
    return m;
  }

  static String captured(ByteArrayOutputStream bytes) {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- LearningRateScheduler

  @Test
  void learningRateSchedulerSetsTheRateOfEachEpochAndLogsIt() {
    try (Sequential m = model()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      m.trainer().setOutput(new PrintStream(out, true, StandardCharsets.UTF_8));
      List<Double> seen = new ArrayList<>();
      LearningRateScheduler s = new LearningRateScheduler((epoch, lr) -> {
        seen.add(lr);
        return epoch < 1 ? lr : lr * 0.5;
      }, 1);
      var h = m.fit(X, Y, epochs(3), batchSize(3), callbacks(s), verbose(0));
      assertEquals(List.of((double) 0.05f, (double) 0.05f, (double) 0.025f), seen, "the current rate, as float32");
      assertEquals(List.of((double) 0.05f, (double) 0.025f, (double) 0.0125f), h.get("learning_rate"));
      assertEquals(0.0125f, (float) m.optimizer().learningRate());
      assertTrue(captured(out).contains("\nEpoch 2: LearningRateScheduler setting learning rate to 0.02500000037252903.\n"),
          captured(out));
    }
  }

  @Test
  void learningRateSchedulerRefusesAnOptimizerWithASchedule() {
    try (Sequential m = model()) {
      m.compile(new SGD(new ExponentialDecay(0.1, 10, 0.5)), "mean_squared_error");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> m.fit(X, Y, epochs(1), callbacks(new LearningRateScheduler((ep, lr) -> lr)), verbose(0)));
      assertTrue(e.getMessage().contains("ExponentialDecay"), e.getMessage());
    }
  }

  // ---------------------------------------------------------------- LambdaCallback

  @Test
  void lambdaCallbackCallsEachHookSetInKerasOrder() {
    try (Sequential m = model()) {
      List<String> calls = new ArrayList<>();
      LambdaCallback cb = new LambdaCallback()
          .onTrainBegin(logs -> calls.add("train_begin"))
          .onEpochBegin((e, logs) -> calls.add("epoch_begin " + e))
          .onBatchBegin((b, logs) -> calls.add("batch_begin " + b))
          .onTrainBatchEnd((b, logs) -> calls.add("batch_end " + b + " " + logs.containsKey("loss")))
          .onEpochEnd((e, logs) -> calls.add("epoch_end " + e + " " + logs.keySet()))
          .onTrainEnd(logs -> calls.add("train_end"));
      m.fit(X, Y, epochs(2), batchSize(3), callbacks(cb), verbose(0));
      assertEquals(List.of("train_begin", "epoch_begin 0", "batch_begin 0", "batch_end 0 true", "batch_begin 1",
          "batch_end 1 true", "epoch_end 0 [loss]", "epoch_begin 1", "batch_begin 0", "batch_end 0 true", "batch_begin 1",
          "batch_end 1 true", "epoch_end 1 [loss]", "train_end"), calls);
    }
  }

  // ---------------------------------------------------------------- BackupAndRestore

  /** Throws at the start of {@code epoch}: an interruption of the fit. */
  static LambdaCallback interruptAt(int epoch) {
    return new LambdaCallback().onEpochBegin((e, logs) -> {
      if (e == epoch) {
        throw new IllegalStateException("Interrupting!");
      }
    });
  }

  @Test
  void backupAndRestoreResumesAnInterruptedFitWithTheOptimizerState(@TempDir Path tmp) throws Exception {
    float[] straight;
    try (Sequential m = model()) {
      m.fit(X, Y, epochs(5), batchSize(2), shuffle(false), verbose(0));
      straight = flat(m.getWeights().get(0));
    }
    Path dir = tmp.resolve("backup");
    try (Sequential m = model()) {
      BackupAndRestore backup = new BackupAndRestore(dir);
      assertThrows(IllegalStateException.class,
          () -> m.fit(X, Y, epochs(5), batchSize(2), shuffle(false), callbacks(backup, interruptAt(3)), verbose(0)));
      assertEquals("{\"epoch\": 3, \"batch\": 0}", Files.readString(dir.resolve("training_metadata.json")));
      assertTrue(Files.isRegularFile(dir.resolve("latest.weights.h5")));
    }
    try (Sequential m = model()) { // a fresh process: a new model, fresh optimizer, the same folder
      var h = m.fit(X, Y, epochs(5), batchSize(2), shuffle(false), callbacks(new BackupAndRestore(dir)), verbose(0));
      assertEquals(2, h.get("loss").size(), "epochs 3 and 4 only");
      assertEquals(List.of(3, 4), h.epoch());
      assertArrayEquals(straight, flat(m.getWeights().get(0)), "the weights of an uninterrupted fit, bit for bit");
      assertEquals(15, m.optimizer().iterations());
    }
    try (var left = Files.list(dir)) {
      assertEquals(0, left.count(), "the backup deleted when fit completes (the folder, made by another run, left)");
    }
  }

  @Test
  void aBackupEveryNBatchesRestartsItsEpochWithTheWeightsOfMidEpoch(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("backup");
    List<FloatNdArray> atBackup = new ArrayList<>();
    try (Sequential m = model()) {
      // 3 batches an epoch; a backup after batches 2, 4 (epoch 1, batch index 0), 6...; interrupted at epoch 2.
      LambdaCallback record = new LambdaCallback().onTrainBatchEnd((b, logs) -> {
        if (b == 0) {
          atBackup.clear();
          atBackup.addAll(m.getWeights());
        }
      });
      assertThrows(IllegalStateException.class, () -> m.fit(X, Y, epochs(4), batchSize(2), shuffle(false),
          callbacks(new BackupAndRestore(dir).saveFreq(4), record, interruptAt(2)), verbose(0)));
      assertEquals("{\"epoch\": 1, \"batch\": 0}", Files.readString(dir.resolve("training_metadata.json")));
    }
    try (Sequential m = model()) {
      LambdaCallback check = new LambdaCallback().onTrainBegin(logs -> assertArrayEquals(flat(atBackup.get(0)),
          flat(m.getWeights().get(0)), "restored: the weights after batch 0 of epoch 1"));
      BackupAndRestore backup = new BackupAndRestore(dir).saveFreq(4).deleteCheckpoint(false);
      var h = m.fit(X, Y, epochs(4), batchSize(2), shuffle(false), callbacks(backup, check), verbose(0));
      assertEquals(List.of(1, 2, 3), h.epoch());
    }
    assertTrue(Files.isRegularFile(dir.resolve("latest.weights.h5")), "delete_checkpoint=False keeps the backup");
  }

  @Test
  void theBackupFolderIsTheUsersOnlyJkerasFilesAreWrittenOrDeleted(@TempDir Path tmp) throws Exception {
    Path mine = Files.createDirectories(tmp.resolve("mine"));
    Files.writeString(mine.resolve("notes.txt"), "keep me");
    try (Sequential m = model()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> m.fit(X, Y, epochs(2), callbacks(new BackupAndRestore(mine)), verbose(0)));
      assertTrue(e.getMessage().contains("notes.txt") && e.getMessage().contains("backup_dir="), e.getMessage());
      assertEquals(0, m.optimizer().iterations(), "refused before training");
    }
    assertEquals("keep me", Files.readString(mine.resolve("notes.txt")));
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    try (Sequential m = model()) {
      m.fit(X, Y, epochs(2), callbacks(new BackupAndRestore(empty)), verbose(0));
    }
    assertTrue(Files.isDirectory(empty), "a folder the user made is left (empty) when the backup is deleted");
    try (var left = Files.list(empty)) {
      assertEquals(0, left.count());
    }
    Path fresh = tmp.resolve("fresh");
    try (Sequential m = model()) {
      LambdaCallback seen = new LambdaCallback().onEpochEnd((ep, logs) -> assertTrue(Files.isDirectory(fresh)));
      m.fit(X, Y, epochs(2), callbacks(new BackupAndRestore(fresh), seen), verbose(0));
    }
    assertFalse(Files.exists(fresh), "the folder this callback created is deleted with the backup");
    assertThrows(IllegalArgumentException.class, () -> new BackupAndRestore(""));
    assertThrows(IllegalArgumentException.class, () -> new BackupAndRestore(tmp).saveFreq("batch"));
  }

  // ---------------------------------------------------------------- ModelCheckpoint(saveWeightsOnly)

  @Test
  void modelCheckpointSavesWeightsFilesNamedAsPythonFormatsThem(@TempDir Path tmp) throws Exception {
    String pattern = tmp.resolve("w-{epoch:02d}-{loss:.3f}.weights.h5").toString();
    try (Sequential m = model()) {
      var h = m.fit(X, Y, epochs(2), batchSize(3), shuffle(false),
          callbacks(new ModelCheckpoint(pattern).monitor("loss").saveWeightsOnly(true)), verbose(0));
      for (int e = 0; e < 2; e++) {
        String name = String.format("w-%02d-%s.weights.h5", e + 1,
            new BigDecimal(h.get("loss").get(e)).setScale(3, RoundingMode.HALF_EVEN).toPlainString());
        assertTrue(Files.isRegularFile(tmp.resolve(name)), name + " in " + TestUtil.snapshot(tmp));
      }
      List<FloatNdArray> last = m.getWeights();
      try (Sequential again = model()) {
        again.loadWeights(Files.list(tmp).filter(p -> p.getFileName().toString().startsWith("w-02")).findFirst().get());
        assertArrayEquals(flat(last.get(0)), flat(again.getWeights().get(0)));
      }
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ModelCheckpoint(tmp.resolve("ckpt").toString()).saveWeightsOnly(true));
    assertTrue(e.getMessage().contains("must end in `.weights.h5`"), e.getMessage());
    try (Sequential m = model()) {
      e = assertThrows(IllegalArgumentException.class, () -> m.fit(X, Y, epochs(1),
          callbacks(new ModelCheckpoint(tmp.resolve("x.weights.h5").toString()).monitor("loss")), verbose(0)));
      assertTrue(e.getMessage().contains("saveWeightsOnly(true)"), e.getMessage());
    }
  }

  @Test
  void modelCheckpointSavesBestOnlyBelowTheInitialThreshold(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("best.weights.h5");
    try (Sequential m = model()) {
      ModelCheckpoint mc = new ModelCheckpoint(file.toString()).monitor("loss").saveBestOnly(true).saveWeightsOnly(true)
          .initialValueThreshold(0.0);
      m.fit(X, Y, epochs(2), batchSize(3), callbacks(mc), verbose(0));
      assertFalse(Files.exists(file), "no loss beats 0.0");
    }
  }

  @Test
  void progbarLinesAreKerasVerbose2Lines() {
    try (Sequential m = model()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      m.trainer().setOutput(new PrintStream(out, true, StandardCharsets.UTF_8));
      m.fit(X, Y, epochs(2), batchSize(1), verbose(2));
      String[] lines = captured(out).split("\n");
      assertEquals("Epoch 1/2", lines[0]);
      assertTrue(lines[1].matches("6/6 - \\d+s - \\d+(s|ms|us)/step - loss: \\d+\\.\\d{4}"), lines[1]);
      assertEquals("Epoch 2/2", lines[2]);
      out.reset();
      m.fit(X, Y, epochs(1), batchSize(4), verbose(2));
      assertTrue(captured(out).matches("2/2 - \\d+s - \\d+(s|ms|us)/step - loss: \\d+\\.\\d{4}\n"),
          "one epoch: no `Epoch 1/1` line, as Keras: " + captured(out));
    }
    Map<String, Double> tiny = Map.of("loss", -0.5);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new Progbar(12, new PrintStream(out, true, StandardCharsets.UTF_8), false).update(3, tiny, true);
    assertTrue(captured(out).matches(" 3/12 - \\d+s - \\d+(s|ms|us)/step - loss: -5\\.0000e-01\n"), captured(out));
  }
}
