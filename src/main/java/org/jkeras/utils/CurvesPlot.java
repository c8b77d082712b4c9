package org.jkeras.utils;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.imaging.ImageFormats;
import org.apache.commons.imaging.Imaging;

/**
 * Learning curves as a PNG, like the usual matplotlib figure of {@code history.history}: two panels
 * (loss, accuracy), epochs on x, one colour per run, training solid and validation dashed, a
 * legend with each run's final gap between training and validation. Drawn with Java2D (headless).
 */
public final class CurvesPlot {
  private static final Color[] COLORS = {
      new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd)};
  private static final int WIDTH = 1400;
  private static final int HEIGHT = 620;

  private CurvesPlot() {}

  /** Writes the figure for {@code runs} (name to history) to {@code png}, atomically. */
  public static void write(String title, Map<String, ? extends MetricHistory> runs, Path png) throws IOException {
    Files2.writeAtomically(png, render(title, runs));
  }

  /** The figure as PNG bytes. */
  public static byte[] render(String title, Map<String, ? extends MetricHistory> runs) throws IOException {
    try {
      return Imaging.writeImageToBytes(image(title, runs), ImageFormats.PNG);
    } catch (org.apache.commons.imaging.ImagingException e) {
      throw new IOException("Could not encode the PNG: " + e.getMessage(), e);
    }
  }

  /** The figure as an image (in a notebook: {@code display(CurvesPlot.image("fit", Map.of("cnn", history)))}). */
  public static BufferedImage image(String title, Map<String, ? extends MetricHistory> runs) {
    System.setProperty("java.awt.headless", "true");
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
      centered(g, title, WIDTH / 2, 32);
      legend(g, runs, 60);
      int top = 140;
      int bottom = HEIGHT - 70;
      panel(g, runs, "loss", "Loss", 90, top, WIDTH / 2 - 40, bottom);
      panel(g, runs, "accuracy", "Accuracy", WIDTH / 2 + 70, top, WIDTH - 30, bottom);
    } finally {
      g.dispose();
    }
    return image;
  }

  /** Final {@code val_<metric> - <metric>} of a run, NaN when either is missing. */
  public static double finalGap(MetricHistory h, String metric) {
    List<Double> train = h.history().get(metric);
    List<Double> val = h.history().get("val_" + metric);
    if (train == null || val == null || train.isEmpty() || val.isEmpty()) {
      return Double.NaN;
    }
    return val.get(val.size() - 1) - train.get(train.size() - 1);
  }

  private static void legend(Graphics2D g, Map<String, ? extends MetricHistory> runs, int y) {
    Font plain = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
    Font bold = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    g.setFont(bold);
    int nameWidth = 0;
    for (String name : runs.keySet()) {
      nameWidth = Math.max(nameWidth, g.getFontMetrics().stringWidth(name));
    }
    int i = 0;
    for (Map.Entry<String, ? extends MetricHistory> e : runs.entrySet()) {
      Color c = COLORS[i % COLORS.length];
      int yy = y + i * 26;
      int x = 90;
      g.setFont(bold);
      g.setColor(c);
      g.drawString(e.getKey(), x, yy + 5);
      x += nameWidth + 20;
      g.setFont(plain);
      FontMetrics fm = g.getFontMetrics();
      sample(g, c, false, x, yy);
      g.setColor(Color.DARK_GRAY);
      g.drawString("train", x + 46, yy + 5);
      x += 46 + fm.stringWidth("train") + 18;
      sample(g, c, true, x, yy);
      g.setColor(Color.DARK_GRAY);
      g.drawString("validation", x + 46, yy + 5);
      x += 46 + fm.stringWidth("validation") + 30;
      g.drawString(String.format(Locale.ROOT, "final gap: loss %+.3f (validation - train), accuracy %+.3f (train - validation)",
          finalGap(e.getValue(), "loss"), -finalGap(e.getValue(), "accuracy")), x, yy + 5);
      i++;
    }
  }

  private static void sample(Graphics2D g, Color c, boolean dashed, int x, int y) {
    g.setColor(c);
    g.setStroke(stroke(dashed));
    g.draw(new Line2D.Double(x, y, x + 38, y));
  }

  private static Stroke stroke(boolean dashed) {
    return dashed
        ? new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {9f, 6f}, 0f)
        : new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
  }

  private static void panel(Graphics2D g, Map<String, ? extends MetricHistory> runs, String metric, String label, int x0, int y0, int x1,
      int y1) {
    int epochs = 0;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (MetricHistory h : runs.values()) {
      for (String key : new String[] {metric, "val_" + metric}) {
        List<Double> v = h.history().get(key);
        if (v == null) {
          continue;
        }
        epochs = Math.max(epochs, v.size());
        for (double d : v) {
          if (Double.isFinite(d)) {
            lo = Math.min(lo, d);
            hi = Math.max(hi, d);
          }
        }
      }
    }
    if (!(lo <= hi)) {
      lo = 0;
      hi = 1;
    }
    // A loss that falls by orders of magnitude (the seed's CNN on 0..255 pixels starts near 100)
    // is drawn on a log scale, so the later epochs, where the gap shows, stay readable.
    boolean log = metric.equals("loss") && lo > 0 && hi / lo > 30;
    DoubleUnaryOperator f = log ? Math::log10 : v -> v;
    lo = f.applyAsDouble(lo);
    hi = f.applyAsDouble(hi);
    if (hi - lo < 1e-9) {
      lo -= 0.5;
      hi += 0.5;
    }
    double pad = (hi - lo) * 0.06;
    lo -= pad;
    hi += pad;
    if (metric.equals("accuracy")) {
      lo = Math.max(lo, 0);
      hi = Math.min(hi, 1.02);
    }
    List<Double> ticks = new ArrayList<>();
    double step = niceStep((hi - lo) / 6);
    if (log) {
      for (int k = (int) Math.floor(lo); k <= (int) Math.ceil(hi); k++) {
        for (double m : new double[] {1, 2, 5}) {
          double t = m * Math.pow(10, k);
          if (Math.log10(t) >= lo && Math.log10(t) <= hi) {
            ticks.add(t);
          }
        }
      }
    } else {
      for (double t = Math.ceil(lo / step) * step; t <= hi + 1e-12; t += step) {
        ticks.add(t);
      }
    }
    int xMax = Math.max(epochs, 2);

    // frame, grid and ticks
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    FontMetrics fm = g.getFontMetrics();
    g.setStroke(new BasicStroke(1f));
    for (double t : ticks) {
      int py = py(f.applyAsDouble(t), lo, hi, y0, y1);
      g.setColor(new Color(0xe6e6e6));
      g.drawLine(x0, py, x1, py);
      g.setColor(Color.DARK_GRAY);
      String s = log ? logTick(t) : tick(t, step);
      g.drawString(s, x0 - 8 - fm.stringWidth(s), py + 4);
    }
    int xStep = Math.max(1, (int) Math.ceil(xMax / 10.0));
    for (int e = 1; e <= xMax; e += xStep) {
      int px = px(e, xMax, x0, x1);
      g.setColor(new Color(0xe6e6e6));
      g.drawLine(px, y0, px, y1);
      g.setColor(Color.DARK_GRAY);
      centered(g, Integer.toString(e), px, y1 + 18);
    }
    g.setColor(Color.BLACK);
    g.drawRect(x0, y0, x1 - x0, y1 - y0);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    centered(g, label, (x0 + x1) / 2, y0 - 12);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    centered(g, "epoch", (x0 + x1) / 2, y1 + 42);
    Graphics2D r = (Graphics2D) g.create();
    r.rotate(-Math.PI / 2);
    r.setColor(Color.BLACK);
    centered(r, log ? metric + " (log scale)" : metric, -(y0 + y1) / 2, x0 - 52);
    r.dispose();

    // curves
    int i = 0;
    for (MetricHistory h : runs.values()) {
      Color c = COLORS[i++ % COLORS.length];
      curve(g, h.history().get(metric), f, c, false, lo, hi, xMax, x0, y0, x1, y1);
      curve(g, h.history().get("val_" + metric), f, c, true, lo, hi, xMax, x0, y0, x1, y1);
    }
  }

  private static void curve(Graphics2D g, List<Double> values, DoubleUnaryOperator f, Color c,
      boolean dashed, double lo, double hi, int xMax, int x0,
      int y0, int x1, int y1) {
    if (values == null) {
      return;
    }
    Graphics2D clip = (Graphics2D) g.create();
    clip.clipRect(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
    clip.setColor(c);
    clip.setStroke(stroke(dashed));
    Path2D.Double path = new Path2D.Double();
    boolean pen = false;
    for (int e = 0; e < values.size(); e++) {
      double v = f.applyAsDouble(values.get(e));
      if (!Double.isFinite(v)) {
        pen = false;
        continue;
      }
      double px = px(e + 1, xMax, x0, x1);
      double py = py(v, lo, hi, y0, y1);
      if (pen) {
        path.lineTo(px, py);
      } else {
        path.moveTo(px, py);
        pen = true;
      }
      if (dashed) {
        clip.drawRect((int) px - 3, (int) py - 3, 6, 6);
      } else {
        clip.fillOval((int) px - 3, (int) py - 3, 7, 7);
      }
    }
    clip.draw(path);
    clip.dispose();
  }

  private static int px(double epoch, int xMax, int x0, int x1) {
    return (int) Math.round(x0 + 20 + (epoch - 1) * (x1 - x0 - 40) / (double) (xMax - 1));
  }

  private static int py(double v, double lo, double hi, int y0, int y1) {
    return (int) Math.round(y1 - (v - lo) / (hi - lo) * (y1 - y0));
  }

  /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
  static double niceStep(double raw) {
    double p = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * p >= raw) {
        return m * p;
      }
    }
    return 10 * p;
  }

  private static String logTick(double t) {
    int decimals = Math.max(0, (int) -Math.floor(Math.log10(t) + 1e-9));
    return String.format(Locale.ROOT, "%." + decimals + "f", t);
  }

  private static String tick(double t, double step) {
    int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) + 1e-9));
    return String.format(Locale.ROOT, "%." + decimals + "f", Math.abs(t) < step / 1e6 ? 0.0 : t);
  }

  private static void centered(Graphics2D g, String s, int x, int y) {
    g.drawString(s, x - g.getFontMetrics().stringWidth(s) / 2, y);
  }
}
