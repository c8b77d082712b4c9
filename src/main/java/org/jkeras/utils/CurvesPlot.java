package org.jkeras.utils;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.imaging.ImageFormats;
import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.ImagingException;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler.TextAlignment;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Learning curves as a PNG, like the usual matplotlib figure of {@code history.history}: two panels
 * (loss, accuracy) side by side, epochs on x, one colour per run, training solid and validation
 * dashed, each panel's legend giving every run's final gap between training and validation.
 * Each panel is an XChart chart, so axes, ticks, log scales and legends are the library's; this
 * class only chooses what to plot and places the two panels under the figure's title (headless).
 */
public final class CurvesPlot {
  /** matplotlib's default cycle ("tab10"), so the figure reads like the Python one. */
  private static final Color[] COLORS = {
      new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
      new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};
  private static final int WIDTH = 1400;
  private static final int HEIGHT = 720;
  private static final int TITLE_HEIGHT = 50;
  private static final BasicStroke SOLID = new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
  private static final BasicStroke DASHED =
      new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {9f, 6f}, 0f);

  private CurvesPlot() {}

  /** Writes the figure for {@code runs} (name to history) to {@code png}, atomically. */
  public static void write(String title, Map<String, ? extends MetricHistory> runs, Path png) throws IOException {
    Files2.writeAtomically(png, render(title, runs));
  }

  /** The figure as PNG bytes. */
  public static byte[] render(String title, Map<String, ? extends MetricHistory> runs) throws IOException {
    try {
      return Imaging.writeImageToBytes(image(title, runs), ImageFormats.PNG);
    } catch (ImagingException e) {
      throw new IOException("Could not encode the PNG: " + e.getMessage(), e);
    }
  }

  /** The figure as an image (in a notebook: {@code display(CurvesPlot.image("fit", Map.of("cnn", history)))}). */
  public static BufferedImage image(String title, Map<String, ? extends MetricHistory> runs) {
    System.setProperty("java.awt.headless", "true");
    int panelWidth = WIDTH / 2;
    int panelHeight = HEIGHT - TITLE_HEIGHT;
    XYChart loss = panel(runs, "loss", "Loss", "validation - training", panelWidth, panelHeight);
    XYChart accuracy = panel(runs, "accuracy", "Accuracy", "training - validation", panelWidth, panelHeight);
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
      g.drawString(title, (WIDTH - g.getFontMetrics().stringWidth(title)) / 2, 34);
      paintAt(g, loss, 0);
      paintAt(g, accuracy, panelWidth);
    } finally {
      g.dispose();
    }
    return image;
  }

  /** Paints {@code chart} at its own size with its top-left corner at ({@code x}, below the title). */
  private static void paintAt(Graphics2D g, XYChart chart, int x) {
    Graphics2D panel = (Graphics2D) g.create(x, TITLE_HEIGHT, chart.getWidth(), chart.getHeight());
    try {
      chart.paint(panel, chart.getWidth(), chart.getHeight());
    } finally {
      panel.dispose();
    }
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

  /**
   * One panel: a training and a validation series per run; the legend names each run's final gap
   * (package-private so tests can check what is plotted, not only pixels).
   */
  static XYChart panel(Map<String, ? extends MetricHistory> runs, String metric, String label, String gapMeaning,
      int width, int height) {
    XYChart chart = new XYChartBuilder().width(width).height(height).title(label + "  (final gap = " + gapMeaning + ")")
        .xAxisTitle("epoch").yAxisTitle(metric).build();
    style(chart.getStyler());
    double sign = metric.equals("loss") ? 1 : -1;
    int i = 0;
    for (Map.Entry<String, ? extends MetricHistory> run : runs.entrySet()) {
      Color color = COLORS[i++ % COLORS.length];
      Map<String, List<Double>> h = run.getValue().history();
      add(chart, run.getKey() + " training", h.get(metric), color, SOLID, false);
      double gap = sign * finalGap(run.getValue(), metric);
      // rounded first, so a tiny negative gap reads "+0.000", not "-0.000"
      String shown = Double.isNaN(gap) ? "" : String.format(Locale.ROOT, " (gap %+.3f)", Math.round(gap * 1000) / 1000.0);
      add(chart, run.getKey() + " validation" + shown, h.get("val_" + metric), color, DASHED, true);
    }
    // A loss that falls by orders of magnitude (the seed's CNN on 0..255 pixels starts near 100)
    // is drawn on a log scale, so the later epochs, where the gap shows, stay readable.
    if (metric.equals("loss") && spansOrders(runs, metric)) {
      chart.getStyler().setYAxisLogarithmic(true);
      chart.getStyler().setYAxisLogarithmicDecadeOnly(false);
      chart.setYAxisTitle(metric + " (log scale)");
      chart.setCustomYAxisTickLabelsFormatter(CurvesPlot::logTick);
    }
    return chart;
  }

  private static void style(XYStyler s) {
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderColor(Color.DARK_GRAY);
    s.setPlotGridLinesColor(new Color(0xe6e6e6));
    s.setPlotGridLinesStroke(new BasicStroke(1f));
    s.setChartTitleBoxVisible(false);
    s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    s.setLegendPosition(LegendPosition.OutsideS);
    s.setLegendLayout(LegendLayout.Vertical);
    s.setLegendBorderColor(Color.WHITE);
    s.setLegendSeriesLineLength(40);
    s.setMarkerSize(7);
    s.setAntiAlias(true);
    s.setAxisTicksLineVisible(false);
    s.setChartPadding(16);
    s.setXAxisDecimalPattern("0");
    s.setYAxisLabelAlignment(TextAlignment.Right);
  }

  private static void add(XYChart chart, String name, List<Double> values, Color color, BasicStroke stroke, boolean validation) {
    if (values == null || values.isEmpty()) {
      return;
    }
    List<Integer> epochs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (int e = 0; e < values.size(); e++) {
      epochs.add(e + 1);
      Double v = values.get(e);
      ys.add(v != null && Double.isFinite(v) ? v : null); // XChart leaves a gap at null
    }
    XYSeries series = chart.addSeries(name, epochs, ys);
    series.setLineColor(color);
    series.setLineStyle(stroke);
    series.setMarkerColor(color);
    series.setMarker(validation ? SeriesMarkers.SQUARE : SeriesMarkers.CIRCLE);
  }

  /** Labels 1, 2 and 5 times a power of ten; the other grid lines of a log axis stay unlabelled. */
  private static String logTick(double v) {
    if (!(v > 0)) {
      return "";
    }
    double mantissa = v / Math.pow(10, Math.floor(Math.log10(v) + 1e-9));
    long m = Math.round(mantissa);
    return Math.abs(mantissa - m) < 1e-6 && (m == 1 || m == 2 || m == 5) ? BigDecimal.valueOf(v).round(MathContext.DECIMAL32)
        .stripTrailingZeros().toPlainString() : "";
  }

  /** Whether the finite values of {@code metric} and its validation counterpart are positive and span more than 30x. */
  private static boolean spansOrders(Map<String, ? extends MetricHistory> runs, String metric) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (MetricHistory h : runs.values()) {
      for (String key : new String[] {metric, "val_" + metric}) {
        for (double v : h.history().getOrDefault(key, List.of())) {
          if (Double.isFinite(v)) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
          }
        }
      }
    }
    return lo > 0 && hi / lo > 30;
  }
}
