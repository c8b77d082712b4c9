package org.jkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jkeras.cli.CliTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, "quiet by default": the CLI as a user runs it (its own JVM, {@code Main.main}) prints
 * jkeras's lines only, none of TensorFlow's native log (its own format and absl's), unless
 * {@code --verbose} or {@code JKERAS_LOG_LEVEL} asks for them.
 */
class QuietCliTest {
  /** TF's own lines ("2026-11-30 13:08:54.404082: I tensorflow/..."). */
  static final Pattern TF_LINE = Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+: [IWEF] .*");
  /** absl's lines ("I0000 00:00:1796044135.722199    7797 mlir_graph_optimization_pass.cc:401] ...") and its notice. */
  static final Pattern ABSL_LINE = Pattern.compile("^[IWEF]\\d{4} \\d\\d:\\d\\d:\\d+\\.\\d+ +\\d+ .*");
  static final String ABSL_NOTICE = "WARNING: All log messages before absl::InitializeLog() is called";

  @Test
  void trainPrintsNothingOfTensorFlowByDefault(@TempDir Path tmp) throws Exception {
    Run r = runInChild(tmp, Map.of(), "train", "cnn", "--image-size", "32,32", "--epochs", "1", "--out", tmp.resolve("m").toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().startsWith("No --data given: "), "jkeras's line first:\n" + r.out());
    assertTrue(r.out().contains(" - loss: "), r.out()); // one epoch: Keras prints no "Epoch 1/1"
    assertEquals(List.of(), nativeLines(r.out() + r.err()), "no native log line");
    assertEquals("", r.err(), "nothing on standard error");
  }

  @Test
  void verboseAndJkerasLogLevelShowTheNativeLog(@TempDir Path tmp) throws Exception {
    Run r = runInChild(tmp, Map.of(), "train", "cnn", "--verbose", "--image-size", "32,32", "--epochs", "1", "--out",
        tmp.resolve("m").toString());
    assertEquals(0, r.status(), r.err());
    List<String> lines = nativeLines(r.err());
    assertTrue(lines.stream().anyMatch(l -> TF_LINE.matcher(l).matches()), "TF's INFO lines:\n" + r.err());
    assertTrue(lines.stream().anyMatch(l -> ABSL_LINE.matcher(l).matches()), "absl's INFO line:\n" + r.err());
    assertTrue(r.out().contains(" - loss: "), r.out()); // one epoch: Keras prints no "Epoch 1/1"

    r = runInChild(tmp, Map.of("JKERAS_LOG_LEVEL", "0"), "train", "cnn", "--image-size", "32,32", "--epochs", "1", "--out",
        tmp.resolve("m").toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(nativeLines(r.err()).stream().anyMatch(l -> ABSL_LINE.matcher(l).matches()), r.err());
  }

  @Test
  void aWrongJkerasLogLevelIsAUsageError(@TempDir Path tmp) throws Exception {
    Run r = runInChild(tmp, Map.of("JKERAS_LOG_LEVEL", "loud"), "summary", "cnn");
    assertEquals(2, r.status(), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("JKERAS_LOG_LEVEL") && r.err().contains("'loud'"), r.err());
  }

  /**
   * {@code kill -9} of the CLI the user started (the parent JVM, which can run no hook) stops the
   * child JVM doing the work too, instead of leaving it training and writing in the background.
   */
  @Test
  void theWorkingChildStopsWhenTheCliIsKilled(@TempDir Path tmp) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", cp, Main.class.getName(), "train", "cnn", "--image-size", "32,32",
        "--epochs", "10000", "--out", tmp.resolve("m").toString()).directory(tmp.toFile()).redirectErrorStream(true);
    pb.environment().remove("TF_CPP_MIN_LOG_LEVEL");
    pb.environment().remove("JKERAS_LOG_LEVEL");
    Process parent = pb.start();
    ProcessHandle child = null;
    try (var out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null && child == null; line = out.readLine()) {
        if (line.startsWith("Epoch 1/")) {
          child = parent.toHandle().children().findFirst().orElse(null);
        }
      }
      assertTrue(child != null && child.isAlive(), "the command runs in a child JVM");
      parent.destroyForcibly(); // SIGKILL
      assertTrue(parent.waitFor(60, TimeUnit.SECONDS));
      ProcessHandle working = child;
      assertTrue(working.onExit().completeOnTimeout(null, 120, TimeUnit.SECONDS).join() != null && !working.isAlive(),
          "the child stopped with its parent");
    } finally {
      parent.destroyForcibly();
      if (child != null) {
        child.destroyForcibly();
      }
    }
  }

  static List<String> nativeLines(String text) {
    return text.lines().filter(l -> TF_LINE.matcher(l).matches() || ABSL_LINE.matcher(l).matches() || l.startsWith(ABSL_NOTICE))
        .toList();
  }

  /** Runs {@code Main.main} in a new JVM in {@code cwd}, with neither log variable set unless {@code env} sets it. */
  static Run runInChild(Path cwd, Map<String, String> env, String... argv) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", cp, Main.class.getName()));
    cmd.addAll(List.of(argv));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
    pb.environment().remove("TF_CPP_MIN_LOG_LEVEL");
    pb.environment().remove("JKERAS_LOG_LEVEL");
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    // stderr on its own thread: a child blocked writing one stream must not stall the other.
    CompletableFuture<byte[]> errReader = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        errReader.complete(p.getErrorStream().readAllBytes());
      } catch (IOException e) {
        errReader.completeExceptionally(e);
      }
    });
    t.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the CLI ended");
    byte[] err = errReader.join();
    assertFalse(p.isAlive());
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }
}
