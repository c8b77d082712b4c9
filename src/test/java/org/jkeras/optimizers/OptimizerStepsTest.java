package org.jkeras.optimizers;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;
import static org.jkeras.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jkeras.layers.Dense;
import org.jkeras.models.Sequential;
import org.jkeras.optimizers.schedules.ExponentialDecay;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.StdArrays;

/**
 * A few steps of each optimizer against its formula written out in double precision. The model is
 * y = x @ w (two weights, no bias) with a squared error on one sample, so the gradient of step t is
 * 2 (x @ w_t - target) x, known in closed form.
 */
class OptimizerStepsTest {
  static final double[] X = {1.0, 2.0};
  static final double TARGET = 3.0;
  static final double[] W0 = {0.5, -0.25};
  /** float32 arithmetic in the graph against double here, over a few steps. */
  static final double TOL = 2e-6;

  /** One weight's update: given the gradient, the learning rate and the 1-based step, returns the new weights. */
  interface Rule {
    double[] step(double[] w, double[] g, double lr, int t);
  }

  static double[] gradient(double[] w) {
    double pred = w[0] * X[0] + w[1] * X[1];
    return new double[] {2 * (pred - TARGET) * X[0], 2 * (pred - TARGET) * X[1]};
  }

  /** Trains `steps` steps of one sample with the optimizer and returns the final weights. */
  static float[] train(Optimizer opt, int steps) {
    try (Sequential m = new Sequential(new Dense(1).useBias(false).inputShape(2))) {
      m.compile(opt, "mean_squared_error");
      m.setWeights(List.of(StdArrays.ndCopyOf(new float[][] {{(float) W0[0]}, {(float) W0[1]}})));
      FloatNdArray xs = StdArrays.ndCopyOf(new float[][] {{(float) X[0], (float) X[1]}});
      FloatNdArray ys = StdArrays.ndCopyOf(new float[][] {{(float) TARGET}});
      m.fit(xs, ys, epochs(steps), batchSize(1), shuffle(false), verbose(0));
      assertEquals(steps, opt.iterations());
      return flat(m.getWeights().get(0));
    }
  }

  static double[] reference(int steps, double lr, Rule rule) {
    double[] w = W0.clone();
    for (int t = 1; t <= steps; t++) {
      w = rule.step(w, gradient(w), lr, t);
    }
    return w;
  }

  static void assertClose(double[] expected, float[] actual) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], TOL * Math.max(1, Math.abs(expected[i])), "weight " + i);
    }
  }

  @Test
  void sgdWithMomentum() {
    double[][] m = {{0, 0}};
    double[] expected = reference(3, 0.01, (w, g, lr, t) -> {
      double[] out = new double[2];
      for (int i = 0; i < 2; i++) {
        m[0][i] = 0.9 * m[0][i] - lr * g[i];
        out[i] = w[i] + m[0][i];
      }
      return out;
    });
    assertClose(expected, train(new SGD(0.01, 0.9, false), 3));
  }

  @Test
  void sgdWithNesterovMomentum() {
    double[][] m = {{0, 0}};
    double[] expected = reference(3, 0.01, (w, g, lr, t) -> {
      double[] out = new double[2];
      for (int i = 0; i < 2; i++) {
        m[0][i] = 0.9 * m[0][i] - lr * g[i];
        out[i] = w[i] + 0.9 * m[0][i] - lr * g[i];
      }
      return out;
    });
    assertClose(expected, train(new SGD(0.01, 0.9, true), 3));
  }

  @Test
  void rmspropPutsEpsilonInsideTheRoot() {
    double[][] v = {{0, 0}};
    double[] expected = reference(2, 0.001, (w, g, lr, t) -> {
      double[] out = new double[2];
      for (int i = 0; i < 2; i++) {
        v[0][i] = 0.9 * v[0][i] + 0.1 * g[i] * g[i];
        out[i] = w[i] - lr * g[i] / Math.sqrt(v[0][i] + 1e-7);
      }
      return out;
    });
    assertClose(expected, train(new RMSprop(), 2));
  }

  @Test
  void rmspropCenteredWithMomentum() {
    double[][] s = {{0, 0}, {0, 0}, {0, 0}}; // velocity, average gradient, momentum
    double[] expected = reference(3, 0.01, (w, g, lr, t) -> {
      double[] out = new double[2];
      for (int i = 0; i < 2; i++) {
        s[0][i] = 0.8 * s[0][i] + 0.2 * g[i] * g[i];
        s[1][i] = 0.8 * s[1][i] + 0.2 * g[i];
        double inc = lr * g[i] / Math.sqrt(s[0][i] - s[1][i] * s[1][i] + 1e-7);
        s[2][i] = 0.5 * s[2][i] + inc;
        out[i] = w[i] - s[2][i];
      }
      return out;
    });
    assertClose(expected, train(new RMSprop(0.01, 0.8, 0.5, 1e-7, true), 3));
  }

  @Test
  void adamWDecaysTheWeightsThenAppliesAdam() {
    double[][] s = {{0, 0}, {0, 0}};
    double wd = 0.004;
    double[] expected = reference(3, 0.01, (w, g, lr, t) -> {
      double[] out = new double[2];
      double alpha = lr * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
      for (int i = 0; i < 2; i++) {
        double decayed = w[i] - w[i] * wd * lr;
        s[0][i] += (g[i] - s[0][i]) * 0.1;
        s[1][i] += (g[i] * g[i] - s[1][i]) * 0.001;
        out[i] = decayed - alpha * s[0][i] / (Math.sqrt(s[1][i]) + 1e-7);
      }
      return out;
    });
    AdamW opt = new AdamW(0.01);
    assertEquals(0.004, opt.weightDecay());
    assertClose(expected, train(opt, 3));
  }

  @Test
  void adagradStartsItsAccumulatorAt0point1() {
    double[][] a = {{0.1, 0.1}};
    double[] expected = reference(2, 0.1, (w, g, lr, t) -> {
      double[] out = new double[2];
      for (int i = 0; i < 2; i++) {
        a[0][i] += g[i] * g[i];
        out[i] = w[i] - lr * g[i] / Math.sqrt(a[0][i] + 1e-7);
      }
      return out;
    });
    assertClose(expected, train(new Adagrad(0.1), 2));
  }

  @Test
  void clipnormRescalesEachGradientToTheNorm() {
    double[] g = gradient(W0);
    double norm = Math.hypot(g[0], g[1]);
    assertTrue(norm > 1, "the test needs a gradient longer than the clip norm");
    double[] expected = {W0[0] - 0.1 * g[0] / norm, W0[1] - 0.1 * g[1] / norm};
    assertClose(expected, train(new SGD(0.1).clipnorm(1.0), 1));
  }

  @Test
  void globalClipnormRescalesAllGradientsTogether() {
    double[] g = gradient(W0);
    double norm = Math.hypot(g[0], g[1]);
    double[] expected = {W0[0] - 0.1 * g[0] * 2 / norm, W0[1] - 0.1 * g[1] * 2 / norm};
    assertClose(expected, train(new SGD(0.1).globalClipnorm(2.0), 1));
  }

  @Test
  void clipvalueClipsEachElement() {
    double[] g = gradient(W0);
    double[] expected = {W0[0] - 0.1 * Math.max(-1.5, Math.min(1.5, g[0])), W0[1] - 0.1 * Math.max(-1.5, Math.min(1.5, g[1]))};
    assertTrue(Math.abs(g[1]) > 1.5, "the test needs an element beyond the clip value");
    assertClose(expected, train(new SGD(0.1).clipvalue(1.5), 1));
  }

  @Test
  void aScheduleSetsTheRateOfEachStepFromIterations() {
    // step t (1-based) uses the schedule at iterations = t - 1.
    double[] expected = reference(3, 0, (w, g, lr, t) -> {
      double rate = 0.05 * Math.pow(0.5, (t - 1) / 2.0);
      return new double[] {w[0] - rate * g[0], w[1] - rate * g[1]};
    });
    SGD opt = new SGD(new ExponentialDecay(0.05, 2, 0.5));
    assertClose(expected, train(opt, 3));
  }

  @Test
  void learningRateReadsTheScheduleAtTheCurrentStep() {
    try (Sequential m = new Sequential(new Dense(1).inputShape(2))) {
      SGD opt = new SGD(new ExponentialDecay(0.1, 1, 0.5));
      assertEquals(0.1, opt.learningRate(), 1e-7);
      m.compile(opt, "mean_squared_error");
      FloatNdArray xs = StdArrays.ndCopyOf(new float[][] {{1, 2}, {3, 4}, {5, 6}});
      FloatNdArray ys = StdArrays.ndCopyOf(new float[][] {{1}, {2}, {3}});
      m.fit(xs, ys, epochs(1), batchSize(1), verbose(0));
      assertEquals(0.1 * 0.125, opt.learningRate(), 1e-8); // after 3 steps
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> opt.setLearningRate(0.5));
      assertTrue(e.getMessage().contains("not settable"), e.getMessage());
    }
  }

  @Test
  void badArgumentsAreRefusedWithTheirName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SGD(-0.1));
    assertTrue(e.getMessage().contains("learning_rate=-0.1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Adam(Double.NaN));
    assertTrue(e.getMessage().contains("learning_rate=NaN"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new SGD(0.1).clipnorm(Double.NaN));
    assertTrue(e.getMessage().contains("clipnorm=NaN"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new SGD(0.1).clipnorm(1).clipvalue(1));
    assertTrue(e.getMessage().contains("Only one of"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new AdamW(0.001, -0.1));
    assertTrue(e.getMessage().contains("weight_decay=-0.1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new RMSprop(0.001, 1.5, 0, 1e-7, false));
    assertTrue(e.getMessage().contains("rho=1.5"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Optimizers.get("adafactor"));
    assertTrue(e.getMessage().contains("adafactor") && e.getMessage().contains("adamw"), e.getMessage());
  }

  @Test
  void kerasDefaults() {
    assertEquals(0.01, Optimizers.get("sgd").learningRate(), 1e-9);
    for (String name : List.of("adam", "adamw", "rmsprop", "adagrad")) {
      assertEquals(0.001, Optimizers.get(name).learningRate(), 1e-9, name);
    }
    var adagrad = new Adagrad().getConfig();
    assertEquals(0.1, adagrad.get("initial_accumulator_value"));
    assertEquals(1e-7, adagrad.get("epsilon"));
    var rms = new RMSprop().getConfig();
    assertEquals(0.9, rms.get("rho"));
    assertEquals(1e-7, rms.get("epsilon"));
    assertEquals(0.004, new AdamW().getConfig().get("weight_decay"));
  }

  @Test
  void configRoundTripKeepsTheScheduleAndClipping() {
    Optimizer o = new SGD(new ExponentialDecay(0.1, 10, 0.9, true), 0.9, true).clipnorm(2.0);
    Optimizer back = Optimizers.fromConfig("SGD", o.getConfig());
    assertEquals(o.getConfig().toString(), back.getConfig().toString());
    Optimizer w = new AdamW(0.002, 0.01);
    assertEquals(w.getConfig().toString(), Optimizers.fromConfig("AdamW", w.getConfig()).getConfig().toString());
  }
}
