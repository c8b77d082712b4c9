package org.jkeras.utils;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jkeras's JSON: values typed as Python's json gives them, floats written so they read back
 * identical, Python's NaN/Infinity literals, unicode both ways, the indented layout, large files,
 * and one-line refusals of damaged or too deeply nested input.
 */
class JsonTest {

  @Test
  void numbersAreLongBigIntegerOrDoubleAsPythonsIntAndFloat() {
    List<?> v = (List<?>) Json.parse("[3, -4, 9223372036854775807, 9223372036854775808, 2.5, 1e-07, 1E+300, -0.0]");
    assertEquals(List.of(3L, -4L, Long.MAX_VALUE, BigInteger.ONE.shiftLeft(63), 2.5, 1e-7, 1e300, -0.0), v);
    assertEquals("[3, -4, 9223372036854775807, 9223372036854775808, 2.5, 1.0E-7, 1.0E300, -0.0]", Json.write(v));
  }

  @Test
  void floatsAreWrittenAsTheirDoubleAndReadBackIdentical() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("float32", 0.001f);
    m.put("double", 0.001);
    m.put("small", 1e-7);
    assertEquals("{\n  \"float32\": 0.0010000000474974513,\n  \"double\": 0.001,\n  \"small\": 1.0E-7\n}", Json.write(m));
    Random r = new Random(3);
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      values.add(i % 2 == 0 ? (double) Float.intBitsToFloat(r.nextInt()) : r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20));
    }
    values.removeIf(x -> !Double.isFinite((Double) x));
    assertEquals(values, Json.parse(Json.write(values)));
  }

  @Test
  void nonFiniteNumbersAreBareLiteralsAsPythonWritesThem() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("nan", Double.NaN);
    m.put("inf", Double.POSITIVE_INFINITY);
    m.put("ninf", Float.NEGATIVE_INFINITY);
    String text = Json.write(m);
    assertEquals("{\n  \"nan\": NaN,\n  \"inf\": Infinity,\n  \"ninf\": -Infinity\n}", text);
    assertEquals(List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY),
        List.copyOf(Json.parseObject(text).values()));
  }

  @Test
  void unicodeIsReadFromEscapesAndWrittenAsUtf8() {
    assertEquals("café 😀 \"q\" \\ /\n\u0001",
        Json.parse("\"caf\\u00e9 \\ud83d\\ude00 \\\"q\\\" \\\\ \\/\\n\\u0001\""));
    String text = Json.write(List.of("выход 😀", "tab\tand\u0001"));
    assertEquals("[\"выход 😀\", \"tab\\tand\\u0001\"]", text);
    assertEquals(List.of("выход 😀", "tab\tand\u0001"), Json.parse(text));
  }

  @Test
  void objectsAreIndentedAndListsOfValuesStayOnOneLine() {
    Map<String, Object> layer = new LinkedHashMap<>();
    layer.put("class_name", "Dense");
    layer.put("inbound_nodes", List.of(List.of("in", 0, 0)));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", "model");
    m.put("batch_shape", Arrays.asList(null, 4));
    m.put("layers", List.of(layer));
    m.put("kwargs", Map.of());
    m.put("outputs", List.of());
    m.put("trainable", true);
    assertEquals("{\n"
        + "  \"name\": \"model\",\n"
        + "  \"batch_shape\": [null, 4],\n"
        + "  \"layers\": [{\n"
        + "    \"class_name\": \"Dense\",\n"
        + "    \"inbound_nodes\": [[\"in\", 0, 0]]\n"
        + "  }],\n"
        + "  \"kwargs\": {},\n"
        + "  \"outputs\": [],\n"
        + "  \"trainable\": true\n"
        + "}", Json.write(m));
    assertEquals("{\"name\":\"model\",\"batch_shape\":[null,4]", Json.writeLine(m).substring(0, 38));
    assertEquals(1, Json.writeLine(m).lines().count());
  }

  @Test
  void deepNestingIsRefusedInOneLine() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("[".repeat(100_000)));
    assertOneLine(e, "nesting depth (" + (Json.MAX_DEPTH + 1) + ") exceeds the maximum allowed (" + Json.MAX_DEPTH);
    Object deepest = Json.parse("[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH));
    for (int i = 1; i < Json.MAX_DEPTH; i++) {
      deepest = ((List<?>) deepest).get(0);
    }
    assertEquals(List.of(), deepest);
  }

  @Test
  void damagedTextIsRefusedInOneLineSayingWhere() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": [1, 2"));
    assertOneLine(e, "Invalid JSON (line 1, column 12: Unexpected end-of-input");
    assertOneLine(assertThrows(IllegalArgumentException.class, () -> Json.parse("{}\n x")), "line 2, column 2");
    assertOneLine(assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\" 1}")), "was expecting a colon");
    assertOneLine(assertThrows(IllegalArgumentException.class, () -> Json.parse("")), "Invalid JSON");
    assertOneLine(assertThrows(IllegalArgumentException.class, () -> Json.parseObject("[1]")),
        "The JSON text holds an array, expected a JSON object.");
  }

  @Test
  void filesAreReadNamingThemInErrors(@TempDir Path tmp) throws IOException {
    Path file = tmp.resolve("config.json");
    Files.write(file, new byte[] {'{', '"', 'a', '"', ':', ' ', '"', (byte) 0xff, '"', '}'});
    assertOneLine(assertThrows(IllegalArgumentException.class, () -> Json.read(file)),
        file + " is not valid JSON (line 1, column ");
    Files.writeString(file, "[".repeat(5000));
    assertOneLine(assertThrows(IllegalArgumentException.class, () -> Json.read(file)), file + " is not valid JSON (");
    Files.writeString(file, "[1, 2]");
    assertOneLine(assertThrows(IllegalArgumentException.class, () -> Json.readObject(file)),
        file + " holds an array, expected a JSON object.");
  }

  @Test
  void aLargeFileIsReadBack(@TempDir Path tmp) throws IOException {
    List<Object> layers = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      Map<String, Object> layer = new LinkedHashMap<>();
      layer.put("name", "dense_" + i);
      layer.put("units", (long) i);
      layer.put("rate", i / 7.0);
      layer.put("shape", Arrays.asList(null, (long) i % 13, 3L));
      layers.add(layer);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("layers", layers);
    m.put("long_text", "é".repeat(3_000_000));
    Path file = tmp.resolve("large.json");
    Files.writeString(file, Json.write(m), StandardCharsets.UTF_8);
    assertTrue(Files.size(file) > 10_000_000, "size " + Files.size(file));
    assertEquals(m, Json.readObject(file));
  }

  /** A class with a getter, not a JSON value. */
  static final class Holder {
    public int getX() {
      return 1;
    }

    @Override
    public String toString() {
      return "a holder";
    }
  }

  @Test
  void objectsAreNotWrittenThroughTheirGetters() {
    assertOneLine(assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of("h", new Holder()))),
        "Cannot write {h=a holder} as JSON (No serializer found for class org.jkeras.utils.JsonTest$Holder");
  }

  private static void assertOneLine(Exception e, String expected) {
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }
}
