package org.jkeras.utils;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.jkeras.callbacks.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class CurvesPlotTest {
  /** matplotlib's first three colours: the first two runs get the first two. */
  private static final int BLUE = 0x1f77b4;
  private static final int RED = 0xd62728;
  private static final int GREEN = 0x2ca02c;

  /** A History filled as fit fills it, from rows of {loss, accuracy, val_loss, val_accuracy} per epoch. */
  private static History history(double[]... epochs) {
    History h = new History();
    for (int e = 0; e < epochs.length; e++) {
      Map<String, Double> logs = new LinkedHashMap<>();
      String[] keys = {"loss", "accuracy", "val_loss", "val_accuracy"};
      for (int k = 0; k < epochs[e].length; k++) {
        logs.put(keys[k], epochs[e][k]);
      }
      h.onEpochEnd(e, logs);
    }
    return h;
  }

  /** Two runs over three epochs; the loss starts near 16 and ends near 0.3, so it spans more than 30x. */
  private static Map<String, History> twoRuns() {
    Map<String, History> runs = new LinkedHashMap<>();
    runs.put("cnn", history(new double[] {16, 0.5, 2, 0.5}, new double[] {1, 0.625, 0.5, 0.75},
        new double[] {0.25, 0.75, 0.75, 0.875}));
    runs.put("cnn-l2", history(new double[] {16, 0.5, 2, 0.5}, new double[] {1, 0.625, 0.75, 0.625},
        new double[] {0.5, 0.875, 0.25, 0.625}));
    return runs;
  }

  @Test
  void writesAPngShowingEachRunInBothPanels(@TempDir Path tmp) throws IOException {
    Path png = tmp.resolve("curves.png");
    CurvesPlot.write("cnn vs cnn-l2", twoRuns(), png);

    byte[] bytes = Files.readAllBytes(png);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, Arrays.copyOf(bytes, 8));
    BufferedImage image = ImageIO.read(png.toFile());
    assertNotNull(image, "ImageIO cannot read " + png);
    assertEquals(1400, image.getWidth());
    assertEquals(720, image.getHeight());
    int half = image.getWidth() / 2;
    // A run's two legend entries alone give about 150 pixels of its colour; its curves and markers give over 1000.
    for (int rgb : new int[] {BLUE, RED}) {
      assertTrue(pixels(image, rgb, 0, half) > 500, "loss panel lacks colour " + Integer.toHexString(rgb));
      assertTrue(pixels(image, rgb, half, image.getWidth()) > 500, "accuracy panel lacks colour " + Integer.toHexString(rgb));
    }
    assertEquals(0, pixels(image, GREEN, 0, image.getWidth()), "a third colour with two runs");
    try (Stream<Path> files = Files.list(tmp)) {
      assertEquals(List.of(png), files.toList(), "the atomic write leaves only the figure");
    }
  }

  @Test
  void panelsHaveOneColourPerRunDashedValidationAndTheFinalGapsInTheLegend() {
    XYChart loss = CurvesPlot.panel(twoRuns(), "loss", "Loss", "validation - training", 700, 670);
    assertEquals(List.of("cnn training", "cnn validation (gap +0.500)", "cnn-l2 training", "cnn-l2 validation (gap -0.250)"),
        names(loss));
    assertTrue(loss.getStyler().isYAxisLogarithmic(), "a loss falling from 16 to 0.25 is drawn on a log scale");
    assertEquals("loss (log scale)", loss.getYAxisTitle());
    assertEquals("epoch", loss.getXAxisTitle());
    XYSeries train = loss.getSeries("cnn training");
    XYSeries val = loss.getSeries("cnn validation (gap +0.500)");
    assertNull(train.getLineStyle().getDashArray(), "training is solid");
    assertNotNull(val.getLineStyle().getDashArray(), "validation is dashed");
    assertEquals(new Color(BLUE), train.getLineColor());
    assertEquals(new Color(BLUE), val.getLineColor());
    assertEquals(new Color(RED), loss.getSeries("cnn-l2 training").getLineColor());
    assertArrayEquals(new double[] {1, 2, 3}, train.getXData());
    assertArrayEquals(new double[] {16, 1, 0.25}, train.getYData());

    XYChart accuracy = CurvesPlot.panel(twoRuns(), "accuracy", "Accuracy", "training - validation", 700, 670);
    assertEquals(List.of("cnn training", "cnn validation (gap -0.125)", "cnn-l2 training", "cnn-l2 validation (gap +0.250)"),
        names(accuracy));
    assertFalse(accuracy.getStyler().isYAxisLogarithmic());
    assertEquals("accuracy", accuracy.getYAxisTitle());

    Map<String, History> close = new LinkedHashMap<>();
    close.put("even", history(new double[] {0.5, 0.5, 0.4998, 0.5}));
    close.put("no validation", history(new double[] {0.5, 0.5}));
    assertEquals(List.of("even training", "even validation (gap +0.000)", "no validation training"),
        names(CurvesPlot.panel(close, "loss", "Loss", "validation - training", 700, 670)));
  }

  @Test
  void aRunWithoutAccuracyOrWithNanLossesStillPlotsItsLoss(@TempDir Path tmp) throws IOException {
    History regression = history(new double[] {0.9}, new double[] {Double.NaN}, new double[] {0.5}, new double[] {0.4});
    Path png = tmp.resolve("loss-only.png");
    CurvesPlot.write("regression", Map.of("mlp", regression), png);

    BufferedImage image = ImageIO.read(png.toFile());
    int half = image.getWidth() / 2;
    assertTrue(pixels(image, BLUE, 0, half) > 300, "the loss panel shows the run");
    assertEquals(0, pixels(image, BLUE, half, image.getWidth()), "the accuracy panel has nothing to show");
    XYChart loss = CurvesPlot.panel(Map.of("mlp", regression), "loss", "Loss", "validation - training", 700, 670);
    assertTrue(Double.isNaN(loss.getSeries("mlp training").getYData()[1]), "a NaN epoch is left out of the line");
    assertFalse(loss.getStyler().isYAxisLogarithmic(), "0.4 to 0.9 stays linear");
  }

  @Test
  void finalGapIsTheLastValidationValueMinusTheLastTrainingValue() {
    History h = history(new double[] {1.0, 0.5, 1.25, 0.25}, new double[] {0.5, 0.75, 1.0, 0.5});
    assertEquals(0.5, CurvesPlot.finalGap(h, "loss"), 1e-12);
    assertEquals(-0.25, CurvesPlot.finalGap(h, "accuracy"), 1e-12);
    assertTrue(Double.isNaN(CurvesPlot.finalGap(history(new double[] {1.0, 0.5}), "loss")), "no validation values");
    assertTrue(Double.isNaN(CurvesPlot.finalGap(h, "auc")), "no such metric");
  }

  private static List<String> names(XYChart chart) {
    return chart.getSeriesCollection().stream().map(XYSeries::getName).toList();
  }

  /** How many pixels of exactly {@code rgb} lie in columns [x0, x1). */
  private static int pixels(BufferedImage image, int rgb, int x0, int x1) {
    int n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = x0; x < x1; x++) {
        if ((image.getRGB(x, y) & 0xffffff) == rgb) {
          n++;
        }
      }
    }
    return n;
  }
}
