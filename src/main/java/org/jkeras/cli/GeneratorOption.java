package org.jkeras.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.DoubleConsumer;
import java.util.function.IntConsumer;
import org.jkeras.preprocessing.image.ImageDataGenerator;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code augment --generator SPEC}: an {@link ImageDataGenerator} from Keras's keyword arguments
 * written as {@code name=value} items separated by commas, a flag alone meaning true ({@code
 * rotation_range=20,zoom_range=0.2,horizontal_flip}). Each augmentation argument is accepted under
 * its Keras name and a short form without {@code _range} ({@code rotation=20,zoom=0.2}); a pair of
 * numbers ({@code zoom_range}, {@code brightness_range}) is written {@code LO:HI}. As in Python, a
 * shift written as an integer ({@code width_shift=10}) is whole pixels drawn from {@code -9..9}, a
 * number with a point a fraction of the side (below 1) or pixels (from 1). Normalisation arguments
 * ({@code rescale}, {@code featurewise_center}...) are not accepted: the contact sheet shows the
 * augmentation. The generator's own checks run while the command line is parsed, so a wrong value
 * is a usage error naming it.
 */
final class GeneratorOption implements ITypeConverter<ImageDataGenerator> {
  /** Keras's argument name, its short form (or null), and how its value is given to the generator. */
  private record Argument(String keras, String shortName, String value, BiConsumer<ImageDataGenerator, String> set) {}

  private static final List<Argument> ARGUMENTS = List.of(
      new Argument("rotation_range", "rotation", "DEG", (g, v) -> g.rotationRange(number(v))),
      new Argument("width_shift_range", "width_shift", "F", (g, v) -> shift(v, g::widthShiftRange, g::widthShiftRange)),
      new Argument("height_shift_range", "height_shift", "F", (g, v) -> shift(v, g::heightShiftRange, g::heightShiftRange)),
      new Argument("shear_range", "shear", "DEG", (g, v) -> g.shearRange(number(v))),
      new Argument("zoom_range", "zoom", "F|LO:HI", (g, v) -> {
        double[] p = numbers(v, 1, 2);
        if (p.length == 1) {
          g.zoomRange(p[0]);
        } else {
          g.zoomRange(p[0], p[1]);
        }
      }),
      new Argument("channel_shift_range", "channel_shift", "F", (g, v) -> g.channelShiftRange(number(v))),
      new Argument("brightness_range", "brightness", "LO:HI", (g, v) -> {
        double[] p = numbers(v, 2, 2);
        g.brightnessRange(p[0], p[1]);
      }),
      new Argument("horizontal_flip", null, "[true|false]", (g, v) -> g.horizontalFlip(bool(v))),
      new Argument("vertical_flip", null, "[true|false]", (g, v) -> g.verticalFlip(bool(v))),
      new Argument("fill_mode", null, "MODE", (g, v) -> g.fillMode(v)),
      new Argument("cval", null, "F", (g, v) -> g.cval(number(v))));

  private static final Map<String, Argument> BY_NAME = new LinkedHashMap<>();

  static {
    for (Argument a : ARGUMENTS) {
      BY_NAME.put(a.keras(), a);
      if (a.shortName() != null) {
        BY_NAME.put(a.shortName(), a);
      }
    }
  }

  /** The accepted arguments for the help and the errors: "rotation_range (rotation)=DEG, ...". */
  static String accepted() {
    List<String> out = new ArrayList<>();
    for (Argument a : ARGUMENTS) {
      out.add(a.keras() + (a.shortName() == null ? "" : " (" + a.shortName() + ")") + "=" + a.value());
    }
    return String.join(", ", out);
  }

  @Override
  public ImageDataGenerator convert(String spec) {
    ImageDataGenerator gen = new ImageDataGenerator();
    Set<String> seen = new HashSet<>();
    for (String item : spec.split(",", -1)) {
      String text = item.strip();
      int eq = text.indexOf('=');
      String name = (eq < 0 ? text : text.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
      String value = eq < 0 ? null : text.substring(eq + 1).strip();
      Argument a = BY_NAME.get(name);
      if (a == null) {
        throw new TypeConversionException("unknown ImageDataGenerator argument '" + (name.isEmpty() ? item : name)
            + "' in '" + spec + "' (expected NAME=VALUE items separated by commas, NAME one of " + accepted() + ")");
      }
      if (!seen.add(a.keras())) {
        throw new TypeConversionException(a.keras() + " given twice in '" + spec + "'");
      }
      if (value == null && !a.value().startsWith("[")) {
        throw new TypeConversionException(a.keras() + " needs a value (" + name + "=" + a.value() + "), received '" + spec + "'");
      }
      try {
        a.set().accept(gen, value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(name + "=" + value + ": " + e.getMessage());
      }
    }
    return gen;
  }

  private static double number(String v) {
    try {
      double d = Double.parseDouble(v);
      if (Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new IllegalArgumentException("expected a finite number");
  }

  private static double[] numbers(String v, int min, int max) {
    String[] parts = v.split(":", -1);
    if (parts.length < min || parts.length > max) {
      throw new IllegalArgumentException(min == max ? "expected LO:HI" : "expected a number or LO:HI");
    }
    double[] out = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = number(parts[i].strip());
    }
    return out;
  }

  /** Python's int (whole pixels, {@code choice(n)} with a sign) or float (a fraction below 1, else pixels). */
  private static void shift(String v, IntConsumer pixels, DoubleConsumer fraction) {
    if (v.matches("[+-]?[0-9]+")) {
      int n;
      try {
        n = Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("expected a number of pixels below 2^31");
      }
      pixels.accept(n);
    } else {
      fraction.accept(number(v));
    }
  }

  private static boolean bool(String v) {
    if (v == null || v.equalsIgnoreCase("true")) {
      return true;
    }
    if (v.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException("expected true or false");
  }
}
