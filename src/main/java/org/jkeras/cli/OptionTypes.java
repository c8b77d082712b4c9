package org.jkeras.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The CLI's value types as picocli converters: each checks its value while the command line is
 * parsed, before any work starts, and says what it expected and what it received; {@link Main}
 * puts the option's name in front ("argument --epochs: expected a positive integer, received
 * 'three'").
 */
final class OptionTypes {
  private OptionTypes() {}

  /** An integer > 0. */
  static final class PositiveInt implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String v) {
      Long n = parseLong(v);
      if (n == null || n <= 0 || n > Integer.MAX_VALUE) {
        throw new TypeConversionException("expected a positive integer, received '" + v + "'");
      }
      return n.intValue();
    }
  }

  /** A patience in epochs: an integer >= 0. */
  static final class Patience implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String v) {
      Long n = parseLong(v);
      if (n == null || n < 0 || n > Integer.MAX_VALUE) {
        throw new TypeConversionException("expected a patience in epochs (an integer >= 0), received '" + v + "'");
      }
      return n.intValue();
    }
  }

  /** Any integer (a random seed). */
  static final class Seed implements ITypeConverter<Long> {
    @Override
    public Long convert(String v) {
      Long n = parseLong(v);
      if (n == null) {
        throw new TypeConversionException("expected an integer, received '" + v + "'");
      }
      return n;
    }
  }

  /** A finite number. */
  static final class FiniteNumber implements ITypeConverter<Double> {
    @Override
    public Double convert(String v) {
      Double d = parseFinite(v);
      if (d == null) {
        throw new TypeConversionException("expected a finite number, received '" + v + "'");
      }
      return d;
    }
  }

  /** A finite number > 0 (a learning rate). */
  static final class PositiveNumber implements ITypeConverter<Double> {
    @Override
    public Double convert(String v) {
      Double d = parseFinite(v);
      if (d == null || d <= 0) {
        throw new TypeConversionException("expected a positive number, received '" + v + "'");
      }
      return d;
    }
  }

  /** A finite number >= 0 (a regularization factor). */
  static final class NonNegativeNumber implements ITypeConverter<Double> {
    @Override
    public Double convert(String v) {
      Double d = parseFinite(v);
      if (d == null || d < 0) {
        throw new TypeConversionException("expected a non-negative number, received '" + v + "'");
      }
      return d;
    }
  }

  /** A fraction strictly between 0 and 1 (a validation split). */
  static final class Fraction implements ITypeConverter<Double> {
    @Override
    public Double convert(String v) {
      Double d = parseFinite(v);
      if (d == null || d <= 0 || d >= 1) {
        throw new TypeConversionException("expected a number in (0, 1), received '" + v + "'");
      }
      return d;
    }
  }

  /** A positive number of seconds, up to 1e9. */
  static final class Seconds implements ITypeConverter<Double> {
    @Override
    public Double convert(String v) {
      Double d = parseFinite(v);
      if (d == null || d <= 0 || d > 1e9) {
        throw new TypeConversionException("expected a positive number of seconds, received '" + v + "'");
      }
      return d;
    }
  }

  /** {@code H,W}: an image size (or a crop), two positive integers. */
  record Size(int height, int width) {
    /** The input shape of a model on RGB images of this size. */
    int[] rgbShape() {
      return new int[] {height, width, 3};
    }
  }

  /** {@code H,W,C}: an input shape, three positive integers. */
  record Shape(int height, int width, int channels) {
    int[] dims() {
      return new int[] {height, width, channels};
    }
  }

  static final class SizeConverter implements ITypeConverter<Size> {
    @Override
    public Size convert(String v) {
      int[] d = positiveInts(v, 2);
      return new Size(d[0], d[1]);
    }
  }

  static final class ShapeConverter implements ITypeConverter<Shape> {
    @Override
    public Shape convert(String v) {
      int[] d = positiveInts(v, 3);
      return new Shape(d[0], d[1], d[2]);
    }
  }

  /** One of {@code names}, case-insensitive, returned in lower case. */
  static String oneOf(String v, Iterable<String> names, String what) {
    String lower = v.toLowerCase(Locale.ROOT);
    for (String n : names) {
      if (n.equals(lower)) {
        return n;
      }
    }
    throw new TypeConversionException("unknown " + what + " '" + v + "' (expected one of " + String.join(", ", names) + ")");
  }

  private static int[] positiveInts(String v, int count) {
    String[] parts = v.split(",", -1);
    int[] out = new int[count];
    boolean ok = parts.length == count;
    for (int i = 0; ok && i < count; i++) {
      Long n = parseLong(parts[i]);
      ok = n != null && n > 0 && n <= Integer.MAX_VALUE;
      out[i] = ok ? n.intValue() : 0;
    }
    if (!ok) {
      throw new TypeConversionException("expected " + count + " comma-separated positive integers, received '" + v + "'");
    }
    return out;
  }

  private static Long parseLong(String v) {
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Double parseFinite(String v) {
    try {
      double d = Double.parseDouble(v.trim());
      return Double.isFinite(d) ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
