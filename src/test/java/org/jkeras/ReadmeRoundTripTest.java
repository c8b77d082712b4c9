package org.jkeras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.jkeras.data.Dataset;
import org.jkeras.data.SyntheticImages;
import org.jkeras.models.Model;
import org.jkeras.models.Models;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's round trip Python -> Java -> Python: its Java lines (those with a {@code //}
 * comment) run as written on a {@code cnn.keras} Keras wrote (the seed's CNN at 16x16, one Adam
 * step taken), with {@code train} a small image dataset; the file they write loads, trained on
 * three epochs further with the optimizer's state carried. Paths are resolved in a temporary
 * folder ({@code Path.of("x")} becomes {@code dir.resolve("x")}), so the test writes nowhere else.
 * The Python lines are the parity case {@code keras_file}'s.
 */
class ReadmeRoundTripTest {

  static List<String> javaLines() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    Matcher block = Pattern.compile("## Keras files: from Python to Java and back.*?```\\n(.*?)```", Pattern.DOTALL)
        .matcher(readme);
    assertTrue(block.find(), "the README has the round trip section");
    List<String> lines = block.group(1).lines().toList();
    assertEquals(6, lines.size(), "the round trip in six lines");
    return lines.stream().filter(l -> l.contains("//")).map(l -> l.substring(0, l.indexOf("//")).strip()).toList();
  }

  @Test
  void theJavaLinesOfTheRoundTripRun(@TempDir Path tmp) throws Exception {
    List<String> java = javaLines();
    assertEquals(3, java.size(), java.toString());
    Path dir = Files.createDirectory(tmp.resolve("work"));
    try (InputStream in = getClass().getResourceAsStream("/keras-files/cnn.keras")) {
      Files.copy(in, dir.resolve("cnn.keras"));
    }
    String body = String.join("\n", java).replace("Path.of(\"", "dir.resolve(\"");
    String source = "import java.nio.file.Path;\nimport org.jkeras.data.Dataset;\nimport org.jkeras.models.Model;\n"
        + "import org.jkeras.models.Models;\nimport static org.jkeras.Kwargs.epochs;\n"
        + "public class ReadmeRoundTrip {\n public static void run(Path dir, Dataset train) throws Exception {\n"
        + body + "\n model.close();\n }\n}\n";
    Path file = tmp.resolve("ReadmeRoundTrip.java");
    Files.writeString(file, source);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diag = new ByteArrayOutputStream();
    int status = javac.run(null, diag, diag, "-cp", System.getProperty("java.class.path"), "-d", tmp.toString(), file.toString());
    assertEquals(0, status, "the README's Java lines do not compile:\n" + diag + "\n" + source);

    Dataset train = SyntheticImages.generate(16, 16, 16, 3).split(0.25, 4, 3)[0]; // 12 images: 3 steps an epoch
    try (URLClassLoader loader = new URLClassLoader(new URL[] {tmp.toUri().toURL()}, getClass().getClassLoader())) {
      loader.loadClass("ReadmeRoundTrip").getMethod("run", Path.class, Dataset.class).invoke(null, dir, train);
    }
    try (Model back = Models.loadModel(dir.resolve("cnn_java.keras"))) {
      assertEquals(1 + 3 * 3, back.optimizer().iterations(), "Python's one step, then three epochs of three in Java");
    }
  }
}
