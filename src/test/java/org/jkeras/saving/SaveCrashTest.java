package org.jkeras.saving;

import static org.jkeras.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jkeras.models.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of {@code model.save}: a JVM saving two models over one folder in turn is killed
 * ({@code kill -9}) at a random moment; the folder then always loads one of the two models with its
 * exact predictions, and after the next save no hidden staging folder or lock file is left.
 *
 * <p>{@code -Djkeras.crashTrials=N} sets the number of kills (3 by default, for CI);
 * {@code src/bench/crash-save} runs it with 25.
 */
class SaveCrashTest {

  @Test
  void aKilledSaveAlwaysLeavesTheOldOrTheNewModel(@TempDir Path tmp) throws Exception {
    int trials = Integer.getInteger("jkeras.crashTrials", 3);
    Random random = new Random(Long.getLong("jkeras.crashSeed", 11));
    Path dir = tmp.resolve("m");
    for (int t = 0; t < trials; t++) {
      Process child = SaveRecoveryTest.ChildJvm.start(Saver.class, tmp.toString());
      BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String ready = r.readLine();
      assertEquals("ready", ready, "the saving JVM started");
      long delay = random.nextInt(1500);
      Thread.sleep(delay);
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block
      child.waitFor();

      float[] got = flat(SaveRecoveryTest.predictions(dir));
      float[] a = flat(SaveRecoveryTest.predictions(tmp.resolve("a")));
      float[] b = flat(SaveRecoveryTest.predictions(tmp.resolve("b")));
      assertTrue(Arrays.equals(got, a) || Arrays.equals(got, b),
          "trial " + t + " (killed after " + delay + " ms): the folder holds neither model: " + Arrays.toString(got));
      List<String> left = SaveRecoveryTest.entries(tmp);
      assertEquals(List.of("a", "b", "m"), left, "trial " + t + ": leftovers after the load that followed the kill");
    }
    try (Sequential m = SafeOutputTest.smallModel(3)) {
      m.save(dir);
    }
    assertEquals(List.of("a", "b", "m"), SaveRecoveryTest.entries(tmp));
    assertTrue(Files.isRegularFile(dir.resolve("saved_model.pb")));
  }

  /** The child: saves models a and b as references, then saves them over {@code m} in turn until killed. */
  public static final class Saver {
    public static void main(String[] args) throws Exception {
      Path tmp = Path.of(args[0]);
      try (Sequential a = SafeOutputTest.smallModel(1); Sequential b = SafeOutputTest.smallModel(2)) {
        if (!Files.exists(tmp.resolve("a"))) {
          a.save(tmp.resolve("a"));
          b.save(tmp.resolve("b"));
          a.save(tmp.resolve("m"));
        }
        System.out.println("ready");
        System.out.flush();
        for (int i = 0; ; i++) {
          (i % 2 == 0 ? b : a).save(tmp.resolve("m"));
        }
      }
    }
  }
}
