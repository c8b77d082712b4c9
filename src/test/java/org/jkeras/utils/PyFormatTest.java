package org.jkeras.utils;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Python's float formatting, which Keras's file names ({@code {val_loss:.2f}}) and progress values
 * use; the expected texts are Python 3.11's output for each value (printed by {@code f"{v:.2f}"},
 * {@code f"{v:.4e}"}, {@code f"{v:07.2f}"}, {@code f"{v:.0f}"}).
 */
class PyFormatTest {
  /** value, .2f, .4e, 07.2f, .0f as Python prints them. */
  static final Object[][] PYTHON = {
      {2.675, "2.67", "2.6750e+00", "0002.67", "3"},
      {0.125, "0.12", "1.2500e-01", "0000.12", "0"},
      {0.375, "0.38", "3.7500e-01", "0000.38", "0"},
      {1.005, "1.00", "1.0050e+00", "0001.00", "1"},
      {-0.001, "-0.00", "-1.0000e-03", "-000.00", "-0"},
      {-0.0, "-0.00", "-0.0000e+00", "-000.00", "-0"},
      {123.456, "123.46", "1.2346e+02", "0123.46", "123"},
      {1e-5, "0.00", "1.0000e-05", "0000.00", "0"},
      {0.00012345, "0.00", "1.2345e-04", "0000.00", "0"},
      {9.99999, "10.00", "1.0000e+01", "0010.00", "10"},
      {-2.5e-7, "-0.00", "-2.5000e-07", "-000.00", "-0"},
      {1.5, "1.50", "1.5000e+00", "0001.50", "2"},
      {2.5, "2.50", "2.5000e+00", "0002.50", "2"},
      {0.0, "0.00", "0.0000e+00", "0000.00", "0"},
  };

  @Test
  void floatsRoundAsPythonRoundsThem() {
    for (Object[] row : PYTHON) {
      double v = (Double) row[0];
      assertEquals(row[1], PyFormat.format("{v:.2f}", Map.of("v", v)), "f\"{" + v + ":.2f}\"");
      assertEquals(row[2], PyFormat.format("{v:.4e}", Map.of("v", v)), "f\"{" + v + ":.4e}\"");
      assertEquals(row[3], PyFormat.format("{v:07.2f}", Map.of("v", v)), "f\"{" + v + ":07.2f}\"");
      assertEquals(row[4], PyFormat.format("{v:.0f}", Map.of("v", v)), "f\"{" + v + ":.0f}\"");
    }
  }

  @Test
  void kerasCheckpointTemplates() {
    assertEquals("ckpt-03-2.67.weights.h5",
        PyFormat.format("ckpt-{epoch:02d}-{val_loss:.2f}.weights.h5", Map.of("epoch", 3, "val_loss", 2.675)));
    assertEquals("model_12_0.1", PyFormat.format("model_{epoch}_{loss}", Map.of("epoch", 12, "loss", 0.1)));
  }
}
