package org.jkeras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java snippets compile and run as written. */
class ReadmeSnippetTest {

  static List<String> javaBlocks() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    List<String> blocks = new ArrayList<>();
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }

  @Test
  void readmeJavaSnippetsRun(@TempDir Path tmp) throws Exception {
    List<String> blocks = javaBlocks();
    assertTrue(!blocks.isEmpty(), "the README has Java snippets");
    for (int i = 0; i < blocks.size(); i++) {
      StringBuilder imports = new StringBuilder();
      StringBuilder body = new StringBuilder();
      for (String line : blocks.get(i).split("\n")) {
        (line.startsWith("import ") ? imports : body).append(line).append('\n');
      }
      String cls = "ReadmeSnippet" + i;
      // A temporary folder the snippet makes (Files.createTempDirectory("augment")) goes inside this
      // test's own, which JUnit deletes: nothing is left in the system's temporary folder.
      String code = body.toString().replace("Files.createTempDirectory(",
          "Files.createTempDirectory(java.nio.file.Path.of(args[0]), ");
      String source = imports + "public class " + cls + " {\n public static void main(String[] args) throws Exception {\n"
          + code + "\n }\n}\n";
      Path file = tmp.resolve(cls + ".java");
      Files.writeString(file, source);
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      ByteArrayOutputStream diag = new ByteArrayOutputStream();
      int status = javac.run(null, diag, diag, "-cp", System.getProperty("java.class.path"), "-d", tmp.toString(), file.toString());
      assertEquals(0, status, "README snippet " + i + " does not compile:\n" + diag + "\n" + source);
      PrintStream old = System.out;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      try (URLClassLoader loader = new URLClassLoader(new URL[] {tmp.toUri().toURL()}, getClass().getClassLoader())) {
        loader.loadClass(cls).getMethod("main", String[].class).invoke(null, (Object) new String[] {tmp.toString()});
      } finally {
        System.setOut(old);
      }
      if (i == 0) {
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("Total params: 44,396,609"), printed);
        assertTrue(printed.contains("val_accuracy"), printed);
      }
    }
  }
}
