package org.jkeras.saving;

import static org.jkeras.Kwargs.verbose;
import static org.jkeras.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jkeras.data.SyntheticImages;
import org.jkeras.models.Model;
import org.jkeras.models.Models;
import org.jkeras.models.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Issue 11, finding 2: a save killed at any point leaves the previous or the new model, which the
 * next load or save finds, and no hidden leftovers after it; two writers to one folder, one wins.
 */
class SaveRecoveryTest {
  static final FloatNdArray X = SyntheticImages.generate(4, 8, 8, 3).x();

  static FloatNdArray predictions(Path dir) throws IOException {
    try (Model m = Models.loadModel(dir)) {
      return m.predict(X, verbose(0));
    }
  }

  static List<String> entries(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Models a and b saved at tmp/a and tmp/b, and their predictions. */
  static FloatNdArray[] saveTwo(Path tmp) throws IOException {
    try (Sequential a = SafeOutputTest.smallModel(1); Sequential b = SafeOutputTest.smallModel(2)) {
      a.save(tmp.resolve("a"));
      b.save(tmp.resolve("b"));
      return new FloatNdArray[] {a.predict(X, verbose(0)), b.predict(X, verbose(0))};
    }
  }

  @Test
  void killedBetweenTheTwoMovesTheNextLoadFinishesTheSwap(@TempDir Path tmp) throws Exception {
    FloatNdArray[] p = saveTwo(tmp);
    // The state of a save of b over a, killed after moving a aside and before moving b in.
    Files.move(tmp.resolve("a"), tmp.resolve(".m.jkeras-old-1"));
    Files.move(tmp.resolve("b"), tmp.resolve(".m.jkeras-new-1"));
    assertArrayEquals(flat(p[1]), flat(predictions(tmp.resolve("m"))));
    assertEquals(List.of("m"), entries(tmp));
  }

  @Test
  void killedAfterMovingTheOldAsideWithoutANewOneTheOldComesBack(@TempDir Path tmp) throws Exception {
    FloatNdArray[] p = saveTwo(tmp);
    Files.move(tmp.resolve("a"), tmp.resolve(".m.jkeras-old-1"));
    Files.createDirectory(tmp.resolve(".m.jkeras-tmp-1")); // a staging folder cut short
    Files.writeString(tmp.resolve(".m.jkeras-tmp-1").resolve("saved_model.pb"), "half");
    assertArrayEquals(flat(p[0]), flat(predictions(tmp.resolve("m"))));
    assertEquals(List.of("b", "m"), entries(tmp));
  }

  @Test
  void leftoversBesideAGoodModelAreCleanedByTheNextSave(@TempDir Path tmp) throws Exception {
    FloatNdArray[] p = saveTwo(tmp);
    Files.move(tmp.resolve("a"), tmp.resolve("m"));
    Files.createDirectories(tmp.resolve(".m.jkeras-tmp-7").resolve("variables"));
    Files.move(tmp.resolve("b"), tmp.resolve(".m.jkeras-old-3")); // killed while deleting the old one
    Files.writeString(tmp.resolve(".m.jkeras-lock"), "12345-left-by-a-killed-writer");
    try (Sequential b = SafeOutputTest.smallModel(2)) {
      b.save(tmp.resolve("m"));
    }
    assertArrayEquals(flat(p[1]), flat(predictions(tmp.resolve("m"))));
    assertEquals(List.of("m"), entries(tmp));
  }

  @Test
  void aSecondWriterFailsSayingAnotherProcessIsWriting(@TempDir Path tmp) throws Exception {
    FloatNdArray[] p = saveTwo(tmp);
    Files.move(tmp.resolve("a"), tmp.resolve("m"), StandardCopyOption.ATOMIC_MOVE);
    Process holder = LockHolder.start(tmp.resolve("m"));
    try (Sequential b = SafeOutputTest.smallModel(2)) {
      IOException e = assertThrows(IOException.class, () -> b.save(tmp.resolve("m")));
      assertTrue(e.getMessage().startsWith("Another process is writing to " + tmp.resolve("m")), e.getMessage());
      assertTrue(e.getMessage().contains("nothing was written"), e.getMessage());
    } finally {
      LockHolder.stop(holder);
    }
    assertArrayEquals(flat(p[0]), flat(predictions(tmp.resolve("m"))), "the model there is untouched");
    try (Sequential b = SafeOutputTest.smallModel(2)) {
      b.save(tmp.resolve("m")); // the holder is gone: its lock went with it
    }
    assertArrayEquals(flat(p[1]), flat(predictions(tmp.resolve("m"))));
    assertEquals(List.of("b", "m"), entries(tmp));
  }

  /** A second JVM that takes the lock of a path, the way a writer does, and holds it until stopped. */
  public static final class LockHolder {
    public static void main(String[] args) throws Exception {
      try (var lock = org.jkeras.utils.TargetLock.acquire(Path.of(args[0]).toAbsolutePath())) {
        System.out.println("locked");
        System.out.flush();
        System.in.read(); // until the parent closes our stdin or kills us
      }
    }

    static Process start(Path target) throws IOException {
      Process p = ChildJvm.start(LockHolder.class, target.toString());
      BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = r.readLine();
      if (!"locked".equals(line)) {
        p.destroyForcibly();
        throw new IllegalStateException("The lock holder did not start: " + line);
      }
      return p;
    }

    static void stop(Process p) throws InterruptedException {
      p.destroyForcibly();
      p.waitFor();
    }
  }

  /** Starting a class of the test class path in a new JVM. */
  static final class ChildJvm {
    static Process start(Class<?> main, String... args) throws IOException {
      String java = ProcessHandle.current().info().command().orElse("java");
      String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g", "-cp", cp, main.getName()));
      cmd.addAll(List.of(args));
      return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }
  }
}
