package org.jkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jkeras.cli.CliTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16: {@code jkeras launch --workers N -- train ...} trains with N local worker processes. */
class LaunchCliTest {
  /**
   * Two workers train the seed's CNN (32x32, one epoch) as one: their output comes prefixed, both
   * log the same global values, the chief saves the model and TensorBoard's files, the other
   * worker's temporary TensorBoard folder is gone.
   */
  @Test
  void twoLocalWorkersTrainAndTheChiefSaves(@TempDir Path tmp) throws Exception {
    Run r = QuietCliTest.runInChild(tmp, Map.of(), "launch", "--workers", "2", "--", "train", "cnn", "--image-size", "32,32",
        "--epochs", "1", "--out", tmp.resolve("m").toString(), "--tensorboard", tmp.resolve("tb").toString());
    assertEquals(0, r.status(), r.out() + r.err());
    List<String> epoch0 = epochLines(r.out(), "[worker 0] ");
    List<String> epoch1 = epochLines(r.out(), "[worker 1] ");
    assertEquals(1, epoch0.size(), r.out());
    assertEquals(epoch0.get(0).replaceAll(" - \\d+s - \\d+ms/step", ""), epoch1.get(0).replaceAll(" - \\d+s - \\d+ms/step", ""),
        "the same global loss and metrics on both workers");
    assertTrue(r.out().contains("[worker 0] Saved the model to " + tmp.resolve("m")), r.out());
    assertTrue(r.out().contains("[worker 1] Trained as worker 1"), r.out());
    assertTrue(r.out().contains("of every interface, unauthenticated: trusted networks only (SECURITY.md)."), r.out());
    assertTrue(Files.isRegularFile(tmp.resolve("m/saved_model.pb")));
    assertTrue(Files.isDirectory(tmp.resolve("tb/train")));
    assertFalse(Files.exists(tmp.resolve("tb/workertemp_1")), "worker 1's TensorBoard files are removed");
    assertEquals(List.of(), QuietCliTest.nativeLines(r.out() + r.err()), "quiet by default");
  }

  @Test
  void launchRunsTrainOnly() {
    Run r = CliTest.run("launch", "--workers", "2", "--", "summary", "cnn");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("launch runs 'train' on every worker, received 'summary'"), r.err());
    r = CliTest.run("launch", "--", "train", "cnn");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("--workers"), r.err());
    r = CliTest.run("launch", "--workers", "0", "--", "train", "cnn");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("argument --workers: expected a positive integer, received '0'"), r.err());
  }

  /** A TF_CONFIG that cannot be used is a usage error: one line naming it and what was received, exit 2, nothing trained. */
  @Test
  void trainRefusesAnUnusableTfConfig(@TempDir Path tmp) throws Exception {
    Run r = QuietCliTest.runInChild(tmp, Map.of("TF_CONFIG", "{\"cluster\": {\"worker\": [\"127.0.0.1:1\"]}, \"task\": {\"type\":"
        + " \"worker\", \"index\": 3}}"), "train", "cnn", "--image-size", "32,32", "--epochs", "1", "--out", tmp.resolve("m").toString());
    assertEquals(2, r.status(), r.out() + r.err());
    assertEquals(List.of("jkeras train: error: TF_CONFIG: `task.index` must be an integer from 0 to 0 (the worker job has 1 task)."
        + " Received: task.index=3 (see 'jkeras train --help')"), r.err().lines().filter(l -> !l.isBlank()).toList());
    assertFalse(Files.exists(tmp.resolve("m")));
  }

  /** The progress line ending each epoch ("10/10 - 4s - 403ms/step - accuracy: ..."), of one worker. */
  private static List<String> epochLines(String out, String prefix) {
    return out.lines().filter(l -> l.startsWith(prefix) && l.contains("/step - ")).map(l -> l.substring(prefix.length())).toList();
  }
}
