package org.jkeras.utils;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Keras's progress bar: {@code 3/10 ━━━━━━────────── 2s 850ms/step - accuracy: 0.5000 - loss: 0.6931}.
 * On a terminal the line is redrawn in place as steps finish; elsewhere (a pipe, a file, a
 * notebook) only the finished line is printed, once.
 */
public final class Progbar {
  private static final int WIDTH = 20;
  private final Integer target;
  private final PrintStream out;
  private final boolean dynamic;
  private final long start = System.nanoTime();
  private int lastLength;

  public Progbar(Integer target, PrintStream out, boolean dynamic) {
    this.target = target;
    this.out = out;
    this.dynamic = dynamic;
  }

  /** True when standard output is an interactive terminal. */
  public static boolean interactive() {
    return System.console() != null && System.getenv("JKERAS_NO_TTY") == null;
  }

  /** Reports {@code current} steps done; {@code finalize} prints the closing line. */
  public void update(int current, Map<String, Double> values, boolean finalize) {
    if (!dynamic && !finalize) {
      return;
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    double perStep = current > 0 ? elapsed / current : 0;
    StringBuilder sb = new StringBuilder();
    String count = target == null ? Integer.toString(current) : current + "/" + target;
    if (dynamic) {
      double shown = finalize ? elapsed : (target == null ? 0 : perStep * (target - current));
      sb.append("\u001b[1m").append(count).append("\u001b[0m");
      if (target != null) {
        sb.append(' ').append(bar(current));
      }
      sb.append(" \u001b[1m").append(formatSeconds(shown)).append("\u001b[0m ").append(formatPerStep(perStep));
    } else {
      // Keras's verbose=2 line: one per epoch.
      sb.append(count).append(" - ").append(formatSeconds(elapsed)).append(" - ").append(formatPerStep(perStep));
    }
    for (Map.Entry<String, Double> e : values.entrySet()) {
      sb.append(" - ").append(e.getKey()).append(": ").append(formatValue(e.getValue()));
    }
    String line = sb.toString();
    if (dynamic) {
      int pad = Math.max(0, lastLength - line.length());
      out.print("\r" + line + " ".repeat(pad));
      lastLength = line.length();
      if (finalize) {
        out.println();
      }
    } else {
      out.println(line);
    }
    out.flush();
  }

  private String bar(int current) {
    int filled = target == 0 ? WIDTH : (int) ((long) WIDTH * current / target);
    String done = "━".repeat(filled);
    String todo = "━".repeat(WIDTH - filled);
    return "\u001b[32m" + done + "\u001b[0m\u001b[37m" + todo + "\u001b[0m";
  }

  /** Keras's value format: 4 decimals, or scientific below 1e-3. */
  public static String formatValue(double v) {
    if (Math.abs(v) > 1e-3) {
      return String.format(Locale.ROOT, "%.4f", v);
    }
    return String.format(Locale.ROOT, "%.4e", v);
  }

  static String formatSeconds(double s) {
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%d:%02d:%02d", (int) (s / 3600), (int) (s % 3600 / 60), (int) (s % 60));
    }
    if (s >= 60) {
      return String.format(Locale.ROOT, "%d:%02d", (int) (s / 60), (int) (s % 60));
    }
    return String.format(Locale.ROOT, "%ds", (int) s);
  }

  static String formatPerStep(double s) {
    if (s >= 1 || s == 0) {
      return String.format(Locale.ROOT, "%ds/step", Math.round(s));
    }
    if (s >= 1e-3) {
      return String.format(Locale.ROOT, "%dms/step", Math.round(s * 1e3));
    }
    return String.format(Locale.ROOT, "%dus/step", Math.round(s * 1e6));
  }
}
