package org.jkeras.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of one subcommand: {@code --name value} (or {@code --name=value}) options,
 * {@code --flag} switches and positional arguments, checked against what the command declares.
 */
public final class Args {
  /** One declared option: its name (with dashes), its value placeholder (null for a flag), its help. */
  public record Option(String name, String value, String help) {}

  private final List<Option> declared;
  private final Map<String, String> values = new LinkedHashMap<>();
  private final List<String> positionals = new ArrayList<>();
  private boolean help;

  public Args(List<Option> declared, String[] argv) {
    this.declared = declared;
    for (int i = 0; i < argv.length; i++) {
      String a = argv[i];
      if (a.equals("--help") || a.equals("-h")) {
        help = true;
        continue;
      }
      if (a.startsWith("--")) {
        String name = a;
        String value = null;
        int eq = a.indexOf('=');
        if (eq > 0) {
          name = a.substring(0, eq);
          value = a.substring(eq + 1);
        }
        Option opt = find(name);
        if (opt == null) {
          throw new UsageException("unknown option '" + name + "'");
        }
        if (opt.value() == null) {
          if (value != null) {
            throw new UsageException("option " + name + " takes no value");
          }
          values.put(name, "true");
        } else {
          if (value == null) {
            if (i + 1 >= argv.length) {
              throw new UsageException("option " + name + " needs a value (" + opt.value() + ")");
            }
            if (argv[i + 1].startsWith("--")) {
              // `--data --epochs 1`: the value is missing, not a folder named --epochs.
              throw new UsageException("option " + name + " needs a value (" + opt.value() + "), received the option '"
                  + argv[i + 1] + "' (write " + name + "=" + argv[i + 1] + " if that is really the value)");
            }
            value = argv[++i];
          }
          values.put(name, value);
        }
      } else {
        positionals.add(a);
      }
    }
  }

  private Option find(String name) {
    for (Option o : declared) {
      if (o.name().equals(name)) {
        return o;
      }
    }
    return null;
  }

  public boolean help() {
    return help;
  }

  public List<String> positionals() {
    return positionals;
  }

  /** True when the command declares option {@code name} (given or not). */
  public boolean declares(String name) {
    return find(name) != null;
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public boolean flag(String name) {
    return values.containsKey(name);
  }

  public String string(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  public int positiveInt(String name, int fallback) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n <= 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException("argument " + name + ": expected a positive integer, received '" + v + "'");
    }
  }

  public long longValue(String name, long fallback) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new UsageException("argument " + name + ": expected an integer, received '" + v + "'");
    }
  }

  /** A finite number in [min, max). */
  public double fraction(String name, double fallback, double min, double max) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      double d = Double.parseDouble(v.trim());
      if (!(d >= min && d < max)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new UsageException("argument " + name + ": expected a number in [" + min + ", " + max + "), received '" + v + "'");
    }
  }

  /** A finite double. */
  public double number(String name, double fallback) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      double d = Double.parseDouble(v.trim());
      if (!Double.isFinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new UsageException("argument " + name + ": expected a finite number, received '" + v + "'");
    }
  }

  /** {@code count} positive integers separated by commas, e.g. {@code 224,224,3}. */
  public int[] ints(String name, int[] fallback, int count) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    String[] parts = v.split(",");
    if (parts.length != count) {
      throw new UsageException("argument " + name + ": expected " + count + " comma-separated positive integers, received '" + v + "'");
    }
    int[] out = new int[count];
    try {
      for (int i = 0; i < count; i++) {
        out[i] = Integer.parseInt(parts[i].trim());
        if (out[i] <= 0) {
          throw new NumberFormatException();
        }
      }
    } catch (NumberFormatException e) {
      throw new UsageException("argument " + name + ": expected " + count + " comma-separated positive integers, received '" + v + "'");
    }
    return out;
  }

  public Path path(String name, Path fallback) {
    String v = values.get(name);
    return v == null ? fallback : Path.of(v);
  }

  /** The usage text: the command's synopsis, then one line per option. */
  public static String usage(String synopsis, String description, List<Option> options) {
    StringBuilder sb = new StringBuilder("usage: ").append(synopsis).append("\n\n").append(description).append("\n\noptions:\n");
    for (Option o : options) {
      String left = o.name() + (o.value() == null ? "" : " " + o.value());
      sb.append(String.format("  %-28s %s%n", left, o.help()));
    }
    sb.append(String.format("  %-28s %s%n", "--help", "show this help and exit"));
    return sb.toString();
  }
}
