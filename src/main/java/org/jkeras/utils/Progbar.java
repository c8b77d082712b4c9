package org.jkeras.utils;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Keras's progress bar ({@code keras.utils.Progbar}, as {@code ProgbarLogger} uses it):
 * {@code  3/10 ━━━━━━────────── 2s 850ms/step - accuracy: 0.5000 - loss: 0.6931}. On a terminal
 * the line is redrawn in place as steps finish (Keras's {@code verbose=1}, at most every 0.05 s);
 * elsewhere (a pipe, a file, a notebook) only the finished line is printed, once, in the form of
 * Keras's {@code verbose=2}: {@code 10/10 - 1s - 95ms/step - loss: 0.6931}.
 *
 * <p>As Keras: the step count is right-aligned to the target's width, the time per step leaves out
 * the first step (which includes building the graph) once there are more, the finished line shows
 * the whole time in seconds, and values print with 4 decimals, or in scientific notation at 1e-3
 * and below (Keras's {@code verbose=2} tests {@code avg > 1e-3}, without the absolute value, so a
 * negative value prints in scientific notation there). Numbers round as Python's.
 */
public final class Progbar {
  private static final int WIDTH = 20;
  private static final double INTERVAL = 0.05;
  private final Integer target;
  private final PrintStream out;
  private final boolean dynamic;
  private final long start = System.nanoTime();
  private Double timeAfterFirstStep;
  private double lastUpdate;
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
    double now = (System.nanoTime() - start) / 1e9;
    if (current == 1 && timeAfterFirstStep == null) {
      timeAfterFirstStep = now;
    }
    double perStep = stepDuration(current, now);
    if (dynamic) {
      if (now - lastUpdate < INTERVAL && !finalize) {
        return;
      }
      lastUpdate = now;
      StringBuilder sb = new StringBuilder();
      int visible;
      if (target != null && target > 0) {
        String count = count(current);
        int filled = (int) (WIDTH * ((double) current / target));
        sb.append("\u001b[1m").append(count).append("\u001b[0m ");
        if (filled > 0) {
          sb.append("\u001b[32m").append("━".repeat(filled)).append("\u001b[0m");
        }
        sb.append("\u001b[37m").append("━".repeat(WIDTH - filled)).append("\u001b[0m");
        visible = count.length() + 1 + WIDTH;
      } else {
        String count = String.format(Locale.ROOT, "%7d/Unknown", current);
        sb.append(count);
        visible = count.length();
      }
      String time = target != null && target > 0 && !finalize ? eta(perStep * (target - current))
          : Math.round(Math.rint(now)) + "s";
      String info = " \u001b[1m" + time + "\u001b[0m" + formatTime(perStep) + valuesText(values, true);
      visible += info.length() - 8;
      sb.append(info);
      if (lastLength > visible) {
        sb.append(" ".repeat(lastLength - visible));
      }
      out.print("\r" + sb);
      lastLength = visible;
      if (finalize) {
        out.println();
      }
      out.flush();
    } else if (finalize) {
      // Keras's verbose=2 line: one per epoch.
      String count = target != null && target > 0 ? count(current) : Integer.toString(current);
      out.println(count + " - " + Math.round(Math.rint(now)) + "s -" + formatTime(perStep) + valuesText(values, false));
      out.flush();
    }
  }

  /** {@code " 3/10"}: the current step right-aligned to the target's digits. */
  private String count(int current) {
    int digits = Integer.toString(target).length();
    return String.format(Locale.ROOT, "%" + digits + "d/%d", current, target);
  }

  /** Keras's estimate: the time since the first step over the steps after it, once there are some. */
  private double stepDuration(int current, double now) {
    if (current <= 0) {
      return 0;
    }
    if (timeAfterFirstStep != null && current > 1) {
      return (now - timeAfterFirstStep) / (current - 1);
    }
    return now / current;
  }

  private static String valuesText(Map<String, Double> values, boolean absolute) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Double> e : values.entrySet()) {
      double v = e.getValue();
      sb.append(" - ").append(e.getKey()).append(": ")
          .append((absolute ? Math.abs(v) : v) > 1e-3 ? PyFormat.fixed(v, 4) : PyFormat.exponent(v, 4));
    }
    return sb.toString();
  }

  /** Keras's value format on the live bar: 4 decimals, or scientific at 1e-3 and below. */
  public static String formatValue(double v) {
    return Math.abs(v) > 1e-3 ? PyFormat.fixed(v, 4) : PyFormat.exponent(v, 4);
  }

  /** The time left: {@code 5s}, {@code 1:05}, {@code 1:01:05} (Keras truncates to whole seconds). */
  static String eta(double s) {
    if (s > 3600) {
      return String.format(Locale.ROOT, "%d:%02d:%02d", (long) (s / 3600), (long) (s % 3600 / 60), (long) (s % 60));
    }
    if (s > 60) {
      return String.format(Locale.ROOT, "%d:%02d", (long) (s / 60), (long) (s % 60));
    }
    return (long) s + "s";
  }

  /** Keras's {@code _format_time}: {@code " 2s/step"}, {@code " 850ms/step"}, {@code " 95us/step"}. */
  static String formatTime(double s) {
    if (s >= 1 || s == 0) {
      return " " + Math.round(Math.rint(s)) + "s/step";
    }
    if (s >= 1e-3) {
      return " " + Math.round(Math.rint(s * 1e3)) + "ms/step";
    }
    return " " + Math.round(Math.rint(s * 1e6)) + "us/step";
  }
}
