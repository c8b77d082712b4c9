package org.jkeras.optimizers.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Schedule values at given steps against Keras's formulas (float32 in TF against double here). */
class SchedulesTest {
  static final double TOL = 1e-6;

  @Test
  void exponentialDecay() {
    ExponentialDecay smooth = new ExponentialDecay(0.1, 10, 0.5);
    ExponentialDecay stairs = new ExponentialDecay(0.1, 10, 0.5, true);
    for (long step : new long[] {0, 1, 5, 10, 15, 25, 100}) {
      assertEquals(0.1 * Math.pow(0.5, step / 10.0), smooth.call(step), TOL, "step " + step);
      assertEquals(0.1 * Math.pow(0.5, Math.floor(step / 10.0)), stairs.call(step), TOL, "step " + step);
    }
  }

  @Test
  void piecewiseConstantIncludesEachBoundaryInTheIntervalBelow() {
    PiecewiseConstantDecay p = new PiecewiseConstantDecay(new long[] {10, 20}, new double[] {1.0, 0.5, 0.1});
    assertEquals(1.0, p.call(0), TOL);
    assertEquals(1.0, p.call(10), TOL);
    assertEquals(0.5, p.call(11), TOL);
    assertEquals(0.5, p.call(20), TOL);
    assertEquals(0.1, p.call(21), TOL);
    assertEquals(0.1, p.call(1000), TOL);
  }

  @Test
  void cosineDecayWithoutWarmup() {
    CosineDecay c = new CosineDecay(0.1, 100, 0.1);
    for (long step : new long[] {0, 25, 50, 99, 100, 150}) {
      double f = Math.min(step, 100) / 100.0;
      double expected = 0.1 * (0.9 * 0.5 * (1 + Math.cos(Math.PI * f)) + 0.1);
      assertEquals(expected, c.call(step), TOL, "step " + step);
    }
  }

  @Test
  void cosineDecayWarmsUpLinearlyToTheTargetThenDecaysFromIt() {
    CosineDecay c = new CosineDecay(0.0, 100, 0.0, 0.2, 10);
    assertEquals(0.0, c.call(0), TOL);
    assertEquals(0.1, c.call(5), TOL);
    assertEquals(0.2, c.call(10), TOL); // end of the warm-up: the cosine starts at the target
    assertEquals(0.2 * 0.5 * (1 + Math.cos(Math.PI * 0.5)), c.call(60), TOL);
    assertEquals(0.0, c.call(110), TOL);
    assertEquals(0.0, c.call(500), TOL);
  }

  @Test
  void badArguments() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ExponentialDecay(0.1, 0, 0.5));
    assertTrue(e.getMessage().contains("decay_steps=0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new ExponentialDecay(Double.NaN, 10, 0.5));
    assertTrue(e.getMessage().contains("initial_learning_rate=NaN"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new PiecewiseConstantDecay(new long[] {1, 2}, new double[] {1}));
    assertTrue(e.getMessage().contains("1 less than"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new CosineDecay(0.1, 10, 0, -1.0, 5));
    assertTrue(e.getMessage().contains("warmup_target=-1.0"), e.getMessage());
  }

  @Test
  void serializeRoundTrip() {
    for (LearningRateSchedule s : new LearningRateSchedule[] {
        new ExponentialDecay(0.1, 10, 0.5, true),
        new PiecewiseConstantDecay(new long[] {10, 20}, new double[] {1.0, 0.5, 0.1}),
        new CosineDecay(0.0, 100, 0.1, 0.2, 10)}) {
      assertEquals(s.getConfig(), Schedules.deserialize(s.serialize()).getConfig());
    }
  }
}
