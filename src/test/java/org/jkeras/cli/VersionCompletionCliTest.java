package org.jkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jkeras.cli.CliTest.Run;
import org.junit.jupiter.api.Test;

/** Issue 18: {@code --version} everywhere says the pom's version; {@code generate-completion} writes a completion script. */
class VersionCompletionCliTest {
  @Test
  void versionIsThePomsOnEveryCommand() throws Exception {
    Matcher m = Pattern.compile("<artifactId>jkeras</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(Files.readString(Path.of("pom.xml")));
    assertTrue(m.find(), "the pom's version");
    for (List<String> argv : List.of(List.of("--version"), List.of("-V"), List.of("train", "--version"),
        List.of("augment", "--version"))) {
      Run r = CliTest.run(argv.toArray(String[]::new));
      assertEquals(0, r.status(), argv + ": " + r.err());
      assertEquals("jkeras " + m.group(1), r.out().strip(), argv.toString());
    }
  }

  @Test
  void helpEverywhereListsVerbose() {
    for (String cmd : List.of("summary", "train", "evaluate", "predict", "compare", "augment", "inspect")) {
      Run r = CliTest.run(cmd, "--help");
      assertEquals(0, r.status(), cmd);
      assertTrue(r.out().startsWith("usage: jkeras " + cmd) && r.out().contains("--verbose") && r.out().contains("--version"),
          r.out());
    }
  }

  @Test
  void completionScriptKnowsTheCommandsOptionsAndModels() {
    Run r = CliTest.run("generate-completion");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().startsWith("#!/usr/bin/env bash"), r.out());
    assertTrue(r.out().contains("complete -F _complete_jkeras"), "registers the function for 'jkeras'");
    for (String word : List.of("summary", "train", "evaluate", "predict", "compare", "augment", "inspect", "--epochs",
        "--lr-schedule", "\"cnn-l2\"", "cosine-warmup", "adamw")) {
      assertTrue(r.out().contains(word), word);
    }
    assertTrue(CliTest.run("--help").out().contains("generate-completion"), "listed in the help");
  }
}
