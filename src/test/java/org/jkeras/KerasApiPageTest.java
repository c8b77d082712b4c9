package org.jkeras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/keras-api.md names only what exists: every class (and {@code Class#method}) it names in full. */
class KerasApiPageTest {

  @Test
  void everyClassAndMethodThePageNamesExists() throws Exception {
    String page = Files.readString(Path.of("docs", "keras-api.md"));
    Matcher m = Pattern.compile("`(org\\.jkeras\\.(?:[a-z]+\\.)*[A-Z]\\w*)(?:#(\\w+))?`").matcher(page);
    List<String> missing = new ArrayList<>();
    int named = 0;
    while (m.find()) {
      named++;
      Class<?> cls;
      try {
        cls = Class.forName(m.group(1));
      } catch (ClassNotFoundException e) {
        missing.add(m.group(1));
        continue;
      }
      String method = m.group(2);
      if (method != null && Arrays.stream(cls.getMethods()).map(Method::getName).noneMatch(method::equals)) {
        missing.add(m.group(1) + "#" + method);
      }
    }
    assertEquals(List.of(), missing, "docs/keras-api.md names what jkeras does not have");
    assertTrue(named > 60, "the page names jkeras's classes in full (" + named + " found)");
    assertTrue(Files.readString(Path.of("README.md")).contains("docs/keras-api.md"), "the README links the page");
  }
}
