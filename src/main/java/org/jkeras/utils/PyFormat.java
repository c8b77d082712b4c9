package org.jkeras.utils;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python's text forms where Keras writes them into files: {@code repr(float)} (CSVLogger's cells)
 * and {@code str.format} with named fields (ModelCheckpoint's {@code "ckpt-{epoch:02d}-{val_loss:.2f}"}).
 *
 * <p>Python rounds a float's exact binary value to the digits asked, ties to even: {@code
 * f"{2.675:.2f}"} is {@code 2.67} (2.675 is 2.67499999... in binary) and {@code f"{0.125:.2f}"} is
 * {@code 0.12}, where Java's {@code String.format} gives {@code 2.68} and {@code 0.13}. {@link
 * #fixed} and {@link #exponent} round as Python does, so file names and progress values match
 * Keras's character for character.
 */
public final class PyFormat {
  private static final Pattern FIELD = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)(?::([^{}]*))?\\}");
  /** {@code [0][width][.precision](f|e)}: the float specs Keras's file names use. */
  private static final Pattern FLOAT_SPEC = Pattern.compile("(0)?([0-9]+)?(?:\\.([0-9]+))?([fe])");

  private PyFormat() {}

  /** Python's {@code repr(x)} of a float: shortest digits, {@code 0.0001}, {@code 1e-05}, {@code 1.0}, {@code nan}. */
  public static String repr(double x) {
    if (Double.isNaN(x)) {
      return "nan";
    }
    if (Double.isInfinite(x)) {
      return x > 0 ? "inf" : "-inf";
    }
    if (x == 0) {
      return (1 / x < 0) ? "-0.0" : "0.0";
    }
    BigDecimal d = new BigDecimal(Double.toString(x)).stripTrailingZeros();
    String digits = d.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - d.scale(); // x = d.ddd * 10^exponent
    String sign = x < 0 ? "-" : "";
    if (exponent < -4 || exponent >= 16) {
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
    }
    String plain = d.abs().toPlainString();
    return sign + (plain.contains(".") ? plain : plain + ".0");
  }

  /** Right-aligned to {@code width}; zero padding goes after the sign, as Python's {@code 06.2f}. */
  private static String padded(String body, int width, boolean zeros) {
    if (body.length() >= width) {
      return body;
    }
    if (!zeros) {
      return " ".repeat(width - body.length()) + body;
    }
    boolean negative = body.startsWith("-");
    String digits = negative ? body.substring(1) : body;
    return (negative ? "-" : "") + "0".repeat(width - body.length()) + digits;
  }

  /** Python's {@code f"{x:.{digits}f}"}: the exact binary value rounded half-even; {@code nan}, {@code inf}. */
  public static String fixed(double x, int digits) {
    if (!Double.isFinite(x)) {
      return Double.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
    }
    String s = new BigDecimal(x).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    return x < 0 || (x == 0 && 1 / x < 0) ? (s.startsWith("-") ? s : "-" + s) : s;
  }

  /** Python's {@code f"{x:.{digits}e}"}: {@code 1.2346e-04}, the exponent with at least two digits. */
  public static String exponent(double x, int digits) {
    if (!Double.isFinite(x)) {
      return Double.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
    }
    String sign = x < 0 || (x == 0 && 1 / x < 0) ? "-" : "";
    if (x == 0) {
      return sign + fixed(0, digits) + "e+00";
    }
    BigDecimal r = new BigDecimal(Math.abs(x)).round(new MathContext(digits + 1, RoundingMode.HALF_EVEN));
    int exp = r.precision() - r.scale() - 1;
    BigDecimal mantissa = r.movePointLeft(exp).setScale(digits, RoundingMode.UNNECESSARY);
    return sign + mantissa.toPlainString() + "e" + (exp < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(exp));
  }

  /** The field names of a {@code str.format} template, in order. */
  public static List<String> fields(String template) {
    List<String> out = new ArrayList<>();
    Matcher m = FIELD.matcher(template);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /**
   * Python's {@code template.format(**values)} for the specs Keras's file names use: none
   * ({@code str(value)}), {@code 02d}-style integers and {@code .4f}/{@code .2e}-style floats.
   */
  public static String format(String template, Map<String, ?> values) {
    Matcher m = FIELD.matcher(template);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String key = m.group(1);
      if (!values.containsKey(key)) {
        throw new IllegalArgumentException("KeyError: '" + key + "'");
      }
      Object v = values.get(key);
      String spec = m.group(2);
      String text;
      if (spec == null || spec.isEmpty()) {
        text = v instanceof Double || v instanceof Float ? repr(((Number) v).doubleValue()) : String.valueOf(v);
      } else if (spec.endsWith("d")) {
        text = String.format(Locale.ROOT, "%" + spec, ((Number) v).longValue());
      } else if (FLOAT_SPEC.matcher(spec).matches()) {
        Matcher f = FLOAT_SPEC.matcher(spec);
        f.matches();
        int digits = f.group(3) == null ? 6 : Integer.parseInt(f.group(3));
        double x = ((Number) v).doubleValue();
        String body = f.group(4).equals("f") ? fixed(x, digits) : exponent(x, digits);
        int width = f.group(2) == null ? 0 : Integer.parseInt(f.group(2));
        text = padded(body, width, f.group(1) != null && Double.isFinite(x));
      } else if (spec.endsWith("g")) {
        text = String.format(Locale.ROOT, "%" + spec, ((Number) v).doubleValue());
      } else {
        throw new IllegalArgumentException("Unsupported format spec '" + spec + "' for field '" + key + "'");
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(text));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
