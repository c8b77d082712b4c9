package org.jkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.jkeras.cli.CliTest.Run;
import org.jkeras.layers.Conv2D;
import org.jkeras.layers.Dense;
import org.jkeras.layers.Flatten;
import org.jkeras.models.Sequential;
import org.jkeras.saving.HostileModels;
import org.jkeras.saving.SavedModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line on untrusted and damaged models: predict, evaluate and inspect on real hostile
 * SavedModels ({@link HostileModels}), a time limit, and the messages for bad model files and image
 * arguments. Everything a model touches is in the test's temporary folder.
 */
class UntrustedModelCliTest {

  private static Run run(Object... argv) {
    return CliTest.run(Arrays.stream(argv).map(String::valueOf).toArray(String[]::new));
  }

  /** An 8x8 RGB PNG. */
  private static Path image(Path file) throws IOException {
    BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
    img.setRGB(2, 3, 0xff8040);
    ImageIO.write(img, "png", file.toFile());
    return file;
  }

  /** A jkeras model for 8x8 images, saved with its config. */
  private static Path jkerasModel(Path dir) throws IOException {
    try (Sequential m = new Sequential(new Conv2D(2, 3).inputShape(8, 8, 3), new Flatten(), new Dense(1).activation("sigmoid"))) {
      m.compile("adam", "binary_crossentropy", "accuracy");
      m.save(dir);
    }
    return dir;
  }

  @Test
  void predictRefusesAHostileModelUnlessTrusted(@TempDir Path tmp) throws IOException {
    Path secret = Files.writeString(tmp.resolve("secret.txt"), "top secret");
    Path listed = Files.createDirectories(tmp.resolve("listed"));
    Path written = tmp.resolve("written.txt");
    Path dir = tmp.resolve("hostile");
    HostileModels.readsListsAndWrites(dir, secret, listed, written);
    Path img = image(tmp.resolve("cat.png"));

    Run r = run("predict", "--model", dir, img);
    assertEquals(1, r.status(), r.out());
    assertEquals("", r.out());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains(dir.resolve("saved_model.pb").toString()) && r.err().contains("ReadFile")
        && r.err().contains("WriteFile") && r.err().contains("MatchingFiles") && r.err().contains("--trust-model"), r.err());
    assertFalse(Files.exists(written), "nothing of the model ran");

    r = run("predict", "--model", dir, "--trust-model", img);
    assertEquals(0, r.status(), r.err());
    String[] fields = r.out().strip().split("\t");
    assertEquals(img.toString(), fields[0]);
    // The image's mean (one pixel of 255 + 128 + 64 over 8 x 8 x 3 values) plus the 10 bytes of the secret.
    assertEquals(447 / 192.0 + 10, Double.parseDouble(fields[1]), 1e-3, r.out());
    assertTrue(Files.exists(written), "trusted, the model ran as written");

    Path atLoad = tmp.resolve("at_load.txt");
    Path mainOp = tmp.resolve("mainop");
    HostileModels.writesAtLoad(mainOp, atLoad);
    r = run("predict", "--model", mainOp, img);
    assertEquals(1, r.status());
    assertTrue(r.err().contains("WriteFile") && r.err().contains("tampered/write"), r.err());
    assertFalse(Files.exists(atLoad));
  }

  @Test
  void evaluateRefusesATamperedJkerasModelAndNeverRunsItsGraph(@TempDir Path tmp) throws IOException {
    Path dir = jkerasModel(tmp.resolve("m"));
    Path written = tmp.resolve("written.txt");
    HostileModels.addMainOpWriting(dir, written);
    Path data = tmp.resolve("no-data");
    Run r = run("evaluate", "--model", dir, "--data", data);
    assertEquals(1, r.status());
    assertTrue(r.err().contains("WriteFile") && r.err().contains("--trust-model"), r.err());
    // Trusted, evaluate goes on to the data (missing here): the model's graph still never runs.
    r = run("evaluate", "--model", dir, "--data", data, "--trust-model");
    assertEquals(1, r.status());
    assertTrue(r.err().contains(data.toString()) && !r.err().contains("WriteFile"), r.err());
    assertFalse(Files.exists(written));
  }

  @Test
  void inspectShowsTheVerdict(@TempDir Path tmp) throws IOException {
    Path good = jkerasModel(tmp.resolve("good"));
    Run r = run("inspect", good);
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("safety: safe"), r.out());
    Path bad = tmp.resolve("bad");
    HostileModels.readsListsAndWrites(bad, tmp.resolve("secret.txt"), tmp, tmp.resolve("written.txt"));
    r = run("inspect", bad);
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("safety: UNSAFE") && r.out().contains("Unsafe ops (4):")
        && r.out().contains("  ReadFile (reads a file; node `"), r.out());
    assertFalse(Files.exists(tmp.resolve("written.txt")));
  }

  @Test
  void predictStopsAnEndlessLoopAtTheTimeLimit(@TempDir Path tmp) throws IOException {
    Path dir = tmp.resolve("loop");
    HostileModels.loopsForever(dir);
    Path img = image(tmp.resolve("x.png"));
    Run r = run("predict", "--model", dir, "--timeout", "1", img);
    assertEquals(1, r.status(), r.out());
    assertTrue(r.err().contains("did not finish predicting within 1 s"), r.err());
    for (String bad : List.of("0", "-2", "soon", "NaN")) {
      r = run("predict", "--model", dir, "--timeout", bad, img);
      assertEquals(2, r.status(), bad);
      assertTrue(r.err().contains("--timeout") && r.err().contains(bad), r.err());
    }
  }

  /** TF cannot cancel a TF1 loop: the run is abandoned and the process still exits, with status 1. */
  @Test
  void aTf1EndlessLoopEndsTheProcessWithAnError(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("loop1");
    HostileModels.loopsForeverTf1(dir);
    Path img = image(tmp.resolve("x.png"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "predict", "--model", dir.toString(), "--timeout", "1", img.toString())
        .redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile()).start();
    boolean ended = p.waitFor(300, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }
    String err = Files.readString(tmp.resolve("err.txt"));
    assertTrue(ended, "the process hung: " + err);
    assertEquals(1, p.exitValue(), err);
    assertTrue(err.contains("did not finish predicting within 1 s") && err.contains("abandoned"), err);
  }

  @Test
  void badImageArgumentsAndDamagedModelFilesAreOneLineErrors(@TempDir Path tmp) throws IOException {
    Path model = jkerasModel(tmp.resolve("m"));
    Path folder = Files.createDirectories(tmp.resolve("photos"));
    Run r = run("predict", "--model", model, folder);
    assertEquals(1, r.status());
    assertEquals(folder + ": is a folder, expected an image file", r.err().strip().replace("jkeras predict: error: ", ""));

    Path config = model.resolve(SavedModels.CONFIG_FILE);
    String text = Files.readString(config);
    Files.writeString(config, text.substring(0, 45));
    for (Run bad : List.of(run("predict", "--model", model, image(tmp.resolve("a.png"))),
        run("evaluate", "--model", model, "--data", folder))) {
      assertEquals(1, bad.status());
      assertEquals(1, bad.err().strip().lines().count(), bad.err());
      assertTrue(bad.err().contains(config + " is not valid JSON"), bad.err());
    }
    Files.writeString(config, text);
    Path index = model.resolve("variables/variables.index");
    byte[] b = Files.readAllBytes(index);
    Files.write(index, Arrays.copyOf(b, b.length / 2));
    for (Run bad : List.of(run("predict", "--model", model, tmp.resolve("a.png")), run("evaluate", "--model", model, "--data", folder))) {
      assertEquals(1, bad.status());
      assertEquals(1, bad.err().strip().lines().count(), bad.err());
      assertTrue(bad.err().contains(index + " is truncated or damaged"), bad.err());
    }
  }

  @Test
  void fileNamesWithControlCharactersAreQuotedInTheOutput(@TempDir Path tmp) throws IOException {
    Path model = jkerasModel(tmp.resolve("m"));
    Path plain = image(tmp.resolve("plain.png"));
    Path newline = image(tmp.resolve("two\nlines.png"));
    Path tab = image(tmp.resolve("tab\there \"q\".png"));
    Run r = run("predict", "--model", model, plain, newline, tab);
    assertEquals(0, r.status(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(3, lines.size(), r.out());
    assertEquals(plain.toString(), lines.get(0).split("\t")[0]);
    assertEquals("\"" + tmp + "/two\\nlines.png\"", lines.get(1).split("\t")[0]);
    assertEquals("\"" + tmp + "/tab\\there \\\"q\\\".png\"", lines.get(2).split("\t")[0]);
    for (String line : lines) {
      assertEquals(3, line.split("\t").length, line);
    }
    r = run("predict", "--model", model, tmp.resolve("gone\n.png"));
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("gone\\n.png\": no such file"), r.err());
  }
}
