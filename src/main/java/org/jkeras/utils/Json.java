package org.jkeras.utils;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.core.util.Separators.Spacing;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * JSON for model configs, metadata and the parity suite's files, through Jackson configured once to
 * read what Python's {@code json} module writes and to give values as Python would: objects as
 * {@code Map<String, Object>} in file order, arrays as {@code List<Object>}, integers as {@code Long}
 * (or {@code BigInteger} past a long), decimals as {@code Double}, strings, booleans and null.
 *
 * <p>Python writes {@code NaN}, {@code Infinity} and {@code -Infinity} as bare literals, so they are
 * read and written that way. A {@code Float} is written as its exact double ({@code 0.001f} as
 * {@code 0.0010000000474974513}, as Keras writes a float32 value), so a value read back is the value
 * written. Beside JSON's own kinds of value, arrays and records are written as arrays and objects,
 * but an object with getters is refused rather than written as whatever its getters say. Nesting
 * deeper than {@link #MAX_DEPTH} is refused, so a hostile file cannot exhaust the stack; every
 * refusal is one line.
 */
public final class Json {
  /** Deepest nesting read (Python's own recursion limit; Keras configs nest a few dozen levels). */
  public static final int MAX_DEPTH = 1000;

  private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
          .build())
      .addModule(new SimpleModule("jkeras-python-values")
          .addDeserializer(Number.class, new PythonNumbers())
          .addSerializer(Float.class, new FloatAsDouble()))
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(MapperFeature.AUTO_DETECT_GETTERS, MapperFeature.AUTO_DETECT_IS_GETTERS, MapperFeature.AUTO_DETECT_FIELDS)
      .build();

  /** Objects indented by two spaces, {@code "key": value}; arrays on one line unless they hold objects. */
  private static final ObjectWriter INDENTED = MAPPER.writer(new DefaultPrettyPrinter(Separators.createDefaultInstance()
          .withObjectFieldValueSpacing(Spacing.AFTER)
          .withArrayValueSpacing(Spacing.AFTER)
          .withObjectEmptySeparator("")
          .withArrayEmptySeparator(""))
      .withObjectIndenter(new DefaultIndenter("  ", "\n"))
      .withArrayIndenter(DefaultPrettyPrinter.NopIndenter.instance));

  private static final ObjectWriter ONE_LINE = MAPPER.writer();

  private Json() {}

  /** {@code value} as indented JSON. */
  public static String write(Object value) {
    return write(INDENTED, value);
  }

  /** {@code value} as JSON on one line (for protocols of one JSON object per line). */
  public static String writeLine(Object value) {
    return write(ONE_LINE, value);
  }

  private static String write(ObjectWriter writer, Object value) {
    try {
      return writer.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot write " + value + " as JSON (" + oneLine(e) + ").", e);
    }
  }

  /**
   * The value of JSON {@code text}.
   *
   * @throws IllegalArgumentException if {@code text} is not JSON, in one line giving where and why
   */
  public static Object parse(String text) {
    try {
      return MAPPER.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Invalid JSON (" + oneLine(e) + ").", e);
    }
  }

  /** The JSON object of {@code text}; refuses other JSON values as {@link #parse} refuses invalid text. */
  public static Map<String, Object> parseObject(String text) {
    return object(parse(text), "The JSON text");
  }

  /**
   * The value of JSON {@code file}, streamed from it (UTF-8, or UTF-16/32 as Python's json detects).
   *
   * @throws IllegalArgumentException if the file is not JSON: one line naming it
   * @throws IOException if the file cannot be read
   */
  public static Object read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return MAPPER.readValue(in, Object.class);
    } catch (JsonProcessingException | CharConversionException e) {
      throw new IllegalArgumentException(file + " is not valid JSON (" + oneLine(e) + ").", e);
    }
  }

  /** The JSON object of {@code file}; refuses other JSON values as {@link #read} refuses invalid files. */
  public static Map<String, Object> readObject(Path file) throws IOException {
    return object(read(file), file.toString());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object value, String source) {
    if (!(value instanceof Map)) {
      String kind = value instanceof List ? "an array" : value instanceof String ? "a string"
          : value instanceof Number ? "a number" : value == null ? "null" : "a boolean";
      throw new IllegalArgumentException(source + " holds " + kind + ", expected a JSON object.");
    }
    return (Map<String, Object>) value;
  }

  /** Jackson's message without its multi-line source excerpt: where (line, column) and what. */
  private static String oneLine(IOException e) {
    String what = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
    what = String.valueOf(what).replaceAll("\\[Source: [^;\\]]*; ", "[").replaceAll("\\s+", " ").strip();
    JsonLocation at = e instanceof JsonProcessingException p ? p.getLocation() : null;
    return at == null || at.getLineNr() < 0 ? what : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + what;
  }

  /** Integers as Long (BigInteger past a long), decimals and NaN/Infinity as Double: Python's int and float. */
  private static final class PythonNumbers extends StdDeserializer<Number> {
    PythonNumbers() {
      super(Number.class);
    }

    @Override
    public Number deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
        return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : (Number) p.getLongValue();
      }
      return p.getDoubleValue();
    }
  }

  /** A float32 value as the double it is, as Python writes a float32 it was given. */
  private static final class FloatAsDouble extends StdSerializer<Float> {
    FloatAsDouble() {
      super(Float.class);
    }

    @Override
    public void serialize(Float value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeNumber(value.doubleValue());
    }
  }
}
