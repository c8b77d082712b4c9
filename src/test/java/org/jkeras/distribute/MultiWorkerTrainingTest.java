package org.jkeras.distribute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: data-parallel training in 2 and 3 worker processes on loopback, each a JVM running
 * {@link TrainingWorker} with its own {@code TF_CONFIG}.
 */
class MultiWorkerTrainingTest {
  private static final long HANG_GUARD_SECONDS = 240;

  /**
   * Two workers (the second started late, with other initial weights) end with the same bits, equal
   * within 1e-6 to one process training on the whole global batch in the same order, and log the
   * global loss and metrics: the single process's.
   */
  @Test
  void twoWorkersTrainAsOneProcessOnTheGlobalBatch(@TempDir Path tmp) throws Exception {
    WorkerProcesses w = new WorkerProcesses(tmp, 2);
    try {
      Process chief = w.start(0, Map.of(), "dense", "3", "perturb");
      Process single = w.startSingle("single", "dense", "3");
      Thread.sleep(3000); // worker 1 starts late: the chief waits for it
      Process other = w.start(1, Map.of(), "dense", "3", "perturb");
      assertEquals(0, WorkerProcesses.await(chief, HANG_GUARD_SECONDS), w.log(0));
      assertEquals(0, WorkerProcesses.await(other, HANG_GUARD_SECONDS), w.log(1));
      assertEquals(0, WorkerProcesses.await(single, HANG_GUARD_SECONDS));
      Map<String, Object> r0 = w.result(w.out(0));
      Map<String, Object> r1 = w.result(w.out(1));
      Map<String, Object> one = w.result(tmp.resolve("single.json"));
      assertEquals(true, r0.get("chief"));
      assertEquals(false, r1.get("chief"));
      assertSameBits(weights(r0), weights(r1), "worker 1");
      assertEquals(r0.get("history"), r1.get("history"), "both workers log the same values");
      assertWeightsClose(weights(one), weights(r0), 1e-6);
      assertHistoryClose(history(one), history(r0), 1e-6);
    } finally {
      w.stopAll();
    }
  }

  /**
   * A gradient larger than the all-reduce's part size (the 2048 x 640 kernel, 5.2 MB) is summed in
   * parts side by side: the two workers still end with the same bits, equal within 1e-6 to one
   * process on the global batch.
   */
  @Test
  void largeGradientsSummedInPartsTrainAsOneProcess(@TempDir Path tmp) throws Exception {
    assertTrue(2048L * 640 * Float.BYTES > AllReduce.PART_BYTES, "the kernel must be summed in parts");
    WorkerProcesses w = new WorkerProcesses(tmp, 2);
    try {
      Process chief = w.start(0, Map.of(), "wide", "2");
      Process other = w.start(1, Map.of(), "wide", "2");
      Process single = w.startSingle("single", "wide", "2");
      assertEquals(0, WorkerProcesses.await(chief, HANG_GUARD_SECONDS), w.log(0));
      assertEquals(0, WorkerProcesses.await(other, HANG_GUARD_SECONDS), w.log(1));
      assertEquals(0, WorkerProcesses.await(single, HANG_GUARD_SECONDS));
      Map<String, Object> r0 = w.result(w.out(0));
      assertSameBits(weights(r0), weights(w.result(w.out(1))), "worker 1");
      assertWeightsClose(weights(w.result(tmp.resolve("single.json"))), weights(r0), 1e-6);
    } finally {
      w.stopAll();
    }
  }

  /**
   * Three workers, a model with BatchNormalization: every weight, the moving statistics included
   * (averaged over the workers each step), ends with the same bits on every worker.
   */
  @Test
  void threeWorkersKeepBatchNormalizationStatisticsIdentical(@TempDir Path tmp) throws Exception {
    WorkerProcesses w = new WorkerProcesses(tmp, 3);
    try {
      Process[] p = {w.start(0, Map.of(), "bn", "2"), w.start(1, Map.of(), "bn", "2"), w.start(2, Map.of(), "bn", "2")};
      for (int i = 0; i < 3; i++) {
        assertEquals(0, WorkerProcesses.await(p[i], HANG_GUARD_SECONDS), w.log(i));
      }
      Map<String, Object> r0 = w.result(w.out(0));
      for (int i = 1; i < 3; i++) {
        Map<String, Object> ri = w.result(w.out(i));
        assertSameBits(weights(r0), weights(ri), "worker " + i);
        assertEquals(r0.get("history"), ri.get("history"));
      }
      assertEquals(8, weights(r0).size(), "kernel, bias, gamma, beta, moving mean and variance, kernel, bias");
    } finally {
      w.stopAll();
    }
  }

  /**
   * A worker that finished training does not exit (taking its server, from which a peer may still
   * fetch its part of the last collective) before every other worker reaches its own exit: the
   * chief ends after worker 1, which stays 3 s after fit, said its last word; both succeed.
   */
  @Test
  void aWorkerWaitsAtExitForTheOthers(@TempDir Path tmp) throws Exception {
    WorkerProcesses w = new WorkerProcesses(tmp, 2);
    try {
      Process chief = w.start(0, Map.of(), "dense", "1");
      Process lingering = w.start(1, Map.of("LINGER_MS", "3000"), "dense", "1");
      assertEquals(0, WorkerProcesses.await(chief, HANG_GUARD_SECONDS), w.log(0));
      long chiefEnded = System.currentTimeMillis();
      assertEquals(0, WorkerProcesses.await(lingering, HANG_GUARD_SECONDS), w.log(1));
      String said = w.log(1).lines().filter(l -> l.startsWith("lingered ")).findFirst().orElseThrow(() -> new AssertionError(
          "worker 1 did not linger: " + tmp));
      long lingered = Long.parseLong(said.substring("lingered ".length()).strip());
      assertTrue(chiefEnded >= lingered, "the chief ended " + (lingered - chiefEnded) + " ms before worker 1's exit");
    } finally {
      w.stopAll();
    }
  }

  /**
   * A worker that dies (halts as a killed process, between the last training step of an epoch and
   * the validation that needs it) makes the other fail, not hang, with an error naming it.
   */
  @Test
  void aLostWorkerFailsTheOthersWithItsName(@TempDir Path tmp) throws Exception {
    WorkerProcesses w = new WorkerProcesses(tmp, 2);
    try {
      Process chief = w.start(0, Map.of(), "dense", "1000");
      Process dying = w.start(1, Map.of("EXIT_AFTER_STEP", "0 3"), "dense", "1000");
      assertEquals(3, WorkerProcesses.await(dying, HANG_GUARD_SECONDS), w.log(1));
      assertEquals(1, WorkerProcesses.await(chief, HANG_GUARD_SECONDS), w.log(0));
      String log = w.log(0);
      assertTrue(log.contains("MultiWorkerMirroredStrategy: lost worker 1 (" + w.addresses.get(1) + ")"), log);
      assertTrue(log.contains("restart every worker"), log);
    } finally {
      w.stopAll();
    }
  }

  /**
   * Restarting every worker with BackupAndRestore resumes at the epoch after the last backup: both
   * workers halted (as killed) in the middle of epoch 2, restarted with the same TF_CONFIG, train
   * epochs 2 and 3 only and end as one process trained 3 epochs without interruption (same bits on
   * both workers, weights and the logged epochs within 1e-6). Only the chief writes the backup
   * (the shared folder holds its two files, no worker's temporary folder); the restarted worker 1
   * is given an empty folder of its own (a machine that does not share the chief's folder) and
   * still resumes: the chief's restored weights, optimizer state and epoch reach it.
   */
  @Test
  void restartingEveryWorkerResumesFromTheLastEpoch(@TempDir Path tmp) throws Exception {
    WorkerProcesses w = new WorkerProcesses(tmp, 2);
    Path shared = tmp.resolve("backup");
    try {
      Process single = w.startSingle("single", "dense", "3", "noshuffle");
      Map<String, String> killed = Map.of("BACKUP_DIR", shared.toString(), "EXIT_AFTER_STEP", "1 1");
      Process chief = w.start(0, killed, "dense", "3", "noshuffle");
      Process other = w.start(1, killed, "dense", "3", "noshuffle");
      assertEquals(3, WorkerProcesses.await(chief, HANG_GUARD_SECONDS), w.log(0));
      assertEquals(3, WorkerProcesses.await(other, HANG_GUARD_SECONDS), w.log(1));
      try (Stream<Path> files = Files.list(shared)) {
        assertEquals(List.of("latest.weights.h5", "training_metadata.json"),
            files.map(f -> f.getFileName().toString()).sorted().toList(), "the chief's backup only");
      }
      assertTrue(Files.readString(shared.resolve("training_metadata.json")).contains("\"epoch\": 1"));

      Process chiefAgain = w.start(0, Map.of("BACKUP_DIR", shared.toString()), "dense", "3", "noshuffle");
      Path elsewhere = tmp.resolve("worker1-backup");
      Process otherAgain = w.start(1, Map.of("BACKUP_DIR", elsewhere.toString()), "dense", "3", "noshuffle");
      assertEquals(0, WorkerProcesses.await(chiefAgain, HANG_GUARD_SECONDS), w.log(0));
      assertEquals(0, WorkerProcesses.await(otherAgain, HANG_GUARD_SECONDS), w.log(1));
      assertEquals(0, WorkerProcesses.await(single, HANG_GUARD_SECONDS));
      Map<String, Object> r0 = w.result(w.out(0));
      Map<String, Object> r1 = w.result(w.out(1));
      Map<String, Object> one = w.result(tmp.resolve("single.json"));
      assertEquals("[1, 2]", String.valueOf(r0.get("epochs_run")), "the chief resumes at epoch 2");
      assertEquals("[1, 2]", String.valueOf(r1.get("epochs_run")), "worker 1 resumes at the chief's epoch");
      assertSameBits(weights(r0), weights(r1), "worker 1");
      assertWeightsClose(weights(one), weights(r0), 1e-6);
      Map<String, List<Double>> lastTwo = new LinkedHashMap<>();
      history(one).forEach((k, v) -> lastTwo.put(k, v.subList(1, 3)));
      assertHistoryClose(lastTwo, history(r0), 1e-6);
      try (Stream<Path> files = Files.list(shared)) {
        assertEquals(List.of(), files.toList(), "the backup is deleted once fit completes");
      }
      assertFalse(Files.exists(elsewhere), "a worker other than the chief writes no backup");
    } finally {
      w.stopAll();
    }
  }

  /** A worker that never starts: the others wait up to the startup timeout, then say which one is missing. */
  @Test
  void aWorkerThatNeverStartsIsAClearError(@TempDir Path tmp) throws Exception {
    WorkerProcesses w = new WorkerProcesses(tmp, 2);
    try {
      Process alone = w.start(0, Map.of("STARTUP_TIMEOUT_S", "2"), "dense", "1");
      assertEquals(1, WorkerProcesses.await(alone, HANG_GUARD_SECONDS), w.log(0));
      assertTrue(w.log(0).contains("MultiWorkerMirroredStrategy: worker 1 (" + w.addresses.get(1) + ") did not start within 2 s"),
          w.log(0));
    } finally {
      w.stopAll();
    }
  }

  @SuppressWarnings("unchecked")
  static List<List<Long>> weights(Map<String, Object> result) {
    return (List<List<Long>>) result.get("weights");
  }

  @SuppressWarnings("unchecked")
  static Map<String, List<Double>> history(Map<String, Object> result) {
    return (Map<String, List<Double>>) result.get("history");
  }

  /** Every weight of {@code actual} has the bits of the chief's; else the first weight that differs is named. */
  static void assertSameBits(List<List<Long>> chief, List<List<Long>> actual, String who) {
    assertEquals(chief.size(), actual.size());
    for (int i = 0; i < chief.size(); i++) {
      assertEquals(chief.get(i), actual.get(i), who + " differs from the chief in weight " + i + " (of " + chief.size() + ")");
    }
  }

  static void assertWeightsClose(List<List<Long>> expected, List<List<Long>> actual, double tolerance) {
    assertEquals(expected.size(), actual.size());
    double worst = 0;
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i).size(), actual.get(i).size());
      for (int j = 0; j < expected.get(i).size(); j++) {
        float e = Float.intBitsToFloat(expected.get(i).get(j).intValue());
        float a = Float.intBitsToFloat(actual.get(i).get(j).intValue());
        worst = Math.max(worst, Math.abs(e - a));
      }
    }
    assertTrue(worst <= tolerance, "largest weight difference " + worst);
  }

  static void assertHistoryClose(Map<String, List<Double>> expected, Map<String, List<Double>> actual, double tolerance) {
    assertEquals(expected.keySet(), actual.keySet());
    for (String k : expected.keySet()) {
      List<Double> e = expected.get(k);
      List<Double> a = actual.get(k);
      assertEquals(e.size(), a.size(), k);
      for (int i = 0; i < e.size(); i++) {
        assertEquals(e.get(i), a.get(i), tolerance * Math.max(1, Math.abs(e.get(i))), k + " of epoch " + (i + 1));
      }
    }
  }
}
