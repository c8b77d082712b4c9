package org.jkeras.utils;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python's text forms where Keras writes them into files: {@code repr(float)} (CSVLogger's cells)
 * and {@code str.format} with named fields (ModelCheckpoint's {@code "ckpt-{epoch:02d}-{val_loss:.2f}"}).
 */
public final class PyFormat {
  private static final Pattern FIELD = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)(?::([^{}]*))?\\}");

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
      } else if (spec.endsWith("f") || spec.endsWith("e") || spec.endsWith("g")) {
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
