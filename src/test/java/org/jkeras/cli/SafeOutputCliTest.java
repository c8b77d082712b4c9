package org.jkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jkeras.cli.CliTest.Run;
import org.jkeras.TestUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11, findings 1, 3 and 10: the CLI's writers refuse what is not theirs, before any training. */
class SafeOutputCliTest {

  @Test
  void trainRefusesAFileAFolderOfOtherFilesALinkAndDotDotBeforeTraining(@TempDir Path tmp) throws Exception {
    Path file = Files.writeString(tmp.resolve("notes.txt"), "mine");
    Path folder = Files.createDirectory(tmp.resolve("photos"));
    Files.writeString(folder.resolve("cat.jpg"), "x");
    Path link = Files.createSymbolicLink(tmp.resolve("link"), folder);
    String before = TestUtil.snapshot(tmp);
    for (Path out : List.of(file, folder, link, folder.resolve(".."), folder.resolve("."))) {
      Run r = CliTest.run("train", "cnn", "--image-size", "32,32", "--epochs", "1", "--out", out.toString());
      assertEquals(2, r.status(), out + ": " + r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().contains("--out " + out), r.err());
      assertFalse(r.out().contains("Epoch"), "refused before training: " + r.out());
    }
    assertEquals(before, TestUtil.snapshot(tmp), "nothing was touched");
  }

  @Test
  void emptyAndDotAreRefusedInAProcessWhoseCurrentFolderIsATestFolder(@TempDir Path tmp) throws Exception {
    // The current folder is the child's, set to a folder this test made: even a wrong check could
    // only touch the test's own files.
    Path cwd = Files.createDirectory(tmp.resolve("cwd"));
    Files.writeString(cwd.resolve("data.txt"), "the user's file");
    for (String out : List.of("", ".", cwd.toString())) {
      Run r = runInChild(cwd, "train", "cnn", "--image-size", "32,32", "--epochs", "1", "--out", out);
      assertEquals(2, r.status(), "--out '" + out + "': " + r.err());
      assertTrue(r.err().contains("--out " + out), r.err());
    }
    assertEquals(List.of("data.txt"), names(cwd));
  }

  @Test
  void aMissingOptionValueIsNotTakenFromTheNextOption() {
    Run r = CliTest.run("train", "cnn", "--data", "--epochs", "1");
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().contains("option --data needs a value (DIR), received the option '--epochs'"), r.err());
  }

  @Test
  void aDivergedTrainingExitsNonZeroAndKeepsTheModelThere(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("cnn");
    Run first = CliTest.run("train", "cnn", "--image-size", "32,32", "--epochs", "1", "--out", out.toString());
    assertEquals(0, first.status(), first.err());
    byte[] pb = Files.readAllBytes(out.resolve("saved_model.pb"));
    byte[] history = Files.readAllBytes(out.resolve("history.csv"));
    Run r = CliTest.run("train", "cnn", "--image-size", "32,32", "--epochs", "2", "--learning-rate", "1e308", "--out",
        out.toString());
    assertEquals(1, r.status(), r.out() + r.err());
    assertTrue(r.err().contains("training diverged") && r.err().contains("Nothing was saved"), r.err());
    assertTrue(r.out().contains("Invalid loss, terminating training"), "TerminateOnNaN is on: " + r.out());
    assertTrue(java.util.Arrays.equals(pb, Files.readAllBytes(out.resolve("saved_model.pb"))));
    assertTrue(java.util.Arrays.equals(history, Files.readAllBytes(out.resolve("history.csv"))));
  }

  @Test
  void compareAndAugmentRefuseAFolderOfOtherFiles(@TempDir Path tmp) throws Exception {
    Path folder = Files.createDirectory(tmp.resolve("thesis"));
    Files.writeString(folder.resolve("chapter1.tex"), "x");
    Run r = CliTest.run("compare", "cnn", "cnn-l2", "--epochs", "1", "--image-size", "32,32", "--out", folder.toString());
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().contains("chapter1.tex"), r.err());
    Path image = tmp.resolve("img.png");
    assertEquals(0, CliTest.run("augment", "--help").status());
    org.jkeras.preprocessing.image.Images.saveImg(image, org.jkeras.data.SyntheticImages.generate(2, 24, 24, 1).x().get(0));
    r = CliTest.run("augment", image.toString(), "--n", "1", "--out", folder.toString());
    assertEquals(2, r.status(), r.err());
    assertEquals(List.of("chapter1.tex"), names(folder));
    // Its own folder it writes into again, and keeps what it wrote before.
    Path aug = tmp.resolve("aug");
    assertEquals(0, CliTest.run("augment", image.toString(), "--n", "2", "--out", aug.toString()).status());
    assertEquals(0, CliTest.run("augment", image.toString(), "--n", "1", "--seed", "3", "--out", aug.toString()).status());
    assertEquals(List.of("grid.png", "img_1.png", "img_2.png"), names(aug));
  }

  /** Runs the CLI in a new JVM whose working directory is {@code cwd}. */
  static Run runInChild(Path cwd, String... argv) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", cp, Main.class.getName()));
    cmd.addAll(List.of(argv));
    Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the CLI ended");
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }

  /** The names in a folder, sorted. */
  static List<String> names(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
