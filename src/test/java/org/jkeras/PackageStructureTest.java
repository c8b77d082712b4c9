package org.jkeras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package structure of src/main: no import cycle between jkeras's packages (each package only
 * uses packages below it, so a package can be read, tested and changed without the ones above), and
 * jkeras classes named through imports, not fully qualified names in code (but where a class has
 * the simple name of the file's own, as layers.Activation and activations.Activation). A new cycle fails here,
 * naming the packages and the files that close it.
 */
class PackageStructureTest {
  private static final Path MAIN = Path.of("src", "main", "java");
  private static final Pattern REFERENCE = Pattern.compile("\\borg\\.jkeras\\.((?:[a-z_][a-z0-9_]*\\.)*)[A-Z]\\w*");

  /** Source of each file with comments and string literals blanked (they name no dependency). */
  static String code(Path file) throws IOException {
    String s = Files.readString(file);
    s = s.replaceAll("(?s)/\\*.*?\\*/", " ");
    s = s.replaceAll("//[^\\n]*", " ");
    return s.replaceAll("\"(?:\\\\.|[^\"\\\\\\n])*\"", "\"\"");
  }

  static String packageOf(Path file) {
    return MAIN.relativize(file.getParent()).toString().replace('/', '.');
  }

  /** Package to the packages it uses, each with the files that use it. */
  static Map<String, Map<String, Set<String>>> dependencies() throws IOException {
    Map<String, Map<String, Set<String>>> deps = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(MAIN.resolve("org/jkeras"))) {
      files = s.filter(p -> p.toString().endsWith(".java")).toList();
    }
    for (Path f : files) {
      String pkg = packageOf(f);
      Map<String, Set<String>> mine = deps.computeIfAbsent(pkg, k -> new TreeMap<>());
      Matcher m = REFERENCE.matcher(code(f));
      while (m.find()) {
        String used = ("org.jkeras." + m.group(1)).replaceAll("\\.$", "");
        if (!used.equals(pkg)) {
          mine.computeIfAbsent(used, k -> new TreeSet<>()).add(f.getFileName().toString());
        }
      }
    }
    return deps;
  }

  @Test
  void noImportCycleBetweenPackages() throws IOException {
    Map<String, Map<String, Set<String>>> deps = dependencies();
    List<List<String>> cycles = stronglyConnected(deps);
    StringBuilder report = new StringBuilder();
    for (List<String> c : cycles) {
      report.append("cycle between ").append(c).append(":\n");
      for (String a : c) {
        for (Map.Entry<String, Set<String>> e : deps.getOrDefault(a, Map.of()).entrySet()) {
          if (c.contains(e.getKey())) {
            report.append("  ").append(a).append(" -> ").append(e.getKey()).append(" in ").append(e.getValue()).append('\n');
          }
        }
      }
    }
    assertTrue(cycles.isEmpty(), report.toString());
    assertTrue(deps.size() > 15, "the walk found the packages: " + deps.keySet());
  }

  @Test
  void jkerasClassesAreImportedNotNamedInFull() throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> s = Files.walk(MAIN.resolve("org/jkeras"))) {
      for (Path f : s.filter(p -> p.toString().endsWith(".java")).toList()) {
        String body = code(f).replaceAll("(?m)^(import|package)[^\\n]*", "");
        String own = f.getFileName().toString().replace(".java", "");
        Matcher m = REFERENCE.matcher(body);
        while (m.find()) {
          // A class of the same simple name as the file's own can only be named in full.
          if (!m.group().endsWith("." + own)) {
            found.add(f.getFileName() + ": " + m.group());
          }
        }
      }
    }
    assertEquals(List.of(), found);
  }

  /** Tarjan's strongly connected components of more than one package. */
  static List<List<String>> stronglyConnected(Map<String, Map<String, Set<String>>> deps) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    List<List<String>> out = new ArrayList<>();
    int[] counter = {0};
    for (String v : deps.keySet()) {
      if (!index.containsKey(v)) {
        visit(v, deps, index, low, stack, onStack, out, counter);
      }
    }
    return out;
  }

  private static void visit(String v, Map<String, Map<String, Set<String>>> deps, Map<String, Integer> index,
      Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<List<String>> out, int[] counter) {
    index.put(v, counter[0]);
    low.put(v, counter[0]++);
    stack.push(v);
    onStack.add(v);
    for (String w : deps.getOrDefault(v, Map.of()).keySet()) {
      if (!index.containsKey(w)) {
        visit(w, deps, index, low, stack, onStack, out, counter);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      List<String> component = new ArrayList<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        component.add(w);
      } while (!w.equals(v));
      if (component.size() > 1) {
        component.sort(null);
        out.add(component);
      }
    }
  }
}
