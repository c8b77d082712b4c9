package org.jkeras.optimizers;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;
import static org.jkeras.TestUtil.flat;
import static org.jkeras.optimizers.OptimizerStepsTest.W0;
import static org.jkeras.optimizers.OptimizerStepsTest.assertClose;
import static org.jkeras.optimizers.OptimizerStepsTest.gradient;
import static org.jkeras.optimizers.OptimizerStepsTest.reference;
import static org.jkeras.optimizers.OptimizerStepsTest.train;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.jkeras.layers.Dense;
import org.jkeras.models.Sequential;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.StdArrays;

/**
 * Nadam, Adamax, Adadelta, Ftrl, Lion, amsgrad, the EMA of the weights and gradient accumulation,
 * each against its formula written out in double precision on OptimizerStepsTest's model (y = x @
 * w, one sample, the gradient known in closed form). The parity suite (optimizer_steps) checks the
 * same against Keras itself, bit for bit.
 */
class Keras3OptimizersTest {

  @Test
  void nadamUsesTheMomentumScheduleProduct() {
    double[][] s = {{0, 0}, {0, 0}};
    double[] uProduct = {1};
    double b1 = 0.9;
    double b2 = 0.999;
    double[] expected = reference(3, 0.01, (w, g, lr, t) -> {
      double ut = b1 * (1 - 0.5 * Math.pow(0.96, t));
      double ut1 = b1 * (1 - 0.5 * Math.pow(0.96, t + 1));
      uProduct[0] *= ut;
      double[] out = new double[2];
      for (int i = 0; i < 2; i++) {
        s[0][i] += (g[i] - s[0][i]) * (1 - b1);
        s[1][i] += (g[i] * g[i] - s[1][i]) * (1 - b2);
        double mHat = ut1 * s[0][i] / (1 - uProduct[0] * ut1) + (1 - ut) * g[i] / (1 - uProduct[0]);
        double vHat = s[1][i] / (1 - Math.pow(b2, t));
        out[i] = w[i] - mHat * lr / (Math.sqrt(vHat) + 1e-7);
      }
      return out;
    });
    assertClose(expected, train(new Nadam(0.01), 3));
  }

  @Test
  void adamaxDividesByTheInfinityNorm() {
    double[][] s = {{0, 0}, {0, 0}};
    double[] expected = reference(3, 0.01, (w, g, lr, t) -> {
      double[] out = new double[2];
      for (int i = 0; i < 2; i++) {
        s[0][i] += (g[i] - s[0][i]) * 0.1;
        s[1][i] = Math.max(0.999 * s[1][i], Math.abs(g[i]));
        out[i] = w[i] - lr * s[0][i] / ((1 - Math.pow(0.9, t)) * (s[1][i] + 1e-7));
      }
      return out;
    });
    assertClose(expected, train(new Adamax(0.01), 3));
  }

  @Test
  void adadeltaScalesByTheRatioOfRootMeanSquares() {
    double[][] s = {{0, 0}, {0, 0}};
    double eps = 1e-7;
    double[] expected = reference(3, 1.0, (w, g, lr, t) -> {
      double[] out = new double[2];
      for (int i = 0; i < 2; i++) {
        s[0][i] = 0.95 * s[0][i] + 0.05 * g[i] * g[i];
        double delta = -Math.sqrt(s[1][i] + eps) * g[i] / Math.sqrt(s[0][i] + eps);
        s[1][i] = 0.95 * s[1][i] + 0.05 * delta * delta;
        out[i] = w[i] + lr * delta;
      }
      return out;
    });
    assertClose(expected, train(new Adadelta(1.0), 3));
  }

  @Test
  void ftrlSetsTheWeightFromItsLinearTerm() {
    double l1 = 0.05;
    double l2 = 0.02;
    double l2s = 0.03;
    double beta = 0.1;
    double power = 0.7; // -learning_rate_power
    double[][] s = {{0.2, 0.2}, {0, 0}}; // accumulator, linear
    double[] expected = reference(3, 0.1, (w, g, lr, t) -> {
      double[] out = new double[2];
      double l2Reg = l2 + beta / (2 * lr);
      for (int i = 0; i < 2; i++) {
        double newAccum = s[0][i] + g[i] * g[i];
        s[1][i] += g[i] + 2 * l2s * w[i] - (Math.pow(newAccum, power) - Math.pow(s[0][i], power)) / lr * w[i];
        double quadratic = Math.pow(newAccum, power) / lr + 2 * l2Reg;
        double clipped = Math.max(-l1, Math.min(l1, s[1][i]));
        out[i] = (clipped - s[1][i]) / quadratic;
        s[0][i] = newAccum;
      }
      return out;
    });
    assertClose(expected, train(new Ftrl(0.1, -power, 0.2, l1, l2, l2s, beta), 3));
  }

  @Test
  void lionMovesEachWeightByTheLearningRate() {
    double[][] m = {{0, 0}};
    double[] expected = reference(3, 0.01, (w, g, lr, t) -> {
      double[] out = new double[2];
      for (int i = 0; i < 2; i++) {
        out[i] = w[i] - lr * Math.signum(0.9 * m[0][i] + 0.1 * g[i]);
        m[0][i] = 0.99 * m[0][i] + 0.01 * g[i];
      }
      return out;
    });
    assertClose(expected, train(new Lion(0.01), 3));
  }

  @Test
  void amsgradDividesByTheLargestVelocity() {
    // beta_2 = 0.5 and large steps: the gradient shrinks, v falls below its maximum, amsgrad differs from Adam.
    double[][] s = {{0, 0}, {0, 0}, {0, 0}};
    double[] expected = reference(4, 0.3, (w, g, lr, t) -> {
      double[] out = new double[2];
      double alpha = lr * Math.sqrt(1 - Math.pow(0.5, t)) / (1 - Math.pow(0.9, t));
      for (int i = 0; i < 2; i++) {
        s[0][i] += (g[i] - s[0][i]) * 0.1;
        s[1][i] += (g[i] * g[i] - s[1][i]) * 0.5;
        s[2][i] = Math.max(s[2][i], s[1][i]);
        out[i] = w[i] - alpha * s[0][i] / (Math.sqrt(s[2][i]) + 1e-7);
      }
      return out;
    });
    float[] plain = train(new Adam(0.3, 0.9, 0.5, 1e-7), 4);
    float[] ams = train(new Adam(0.3, 0.9, 0.5, 1e-7).amsgrad(true), 4);
    assertCloseRelative(expected, ams);
    assertTrue(Math.abs(plain[0] - ams[0]) > 1e-3, "amsgrad changed the steps: " + plain[0] + " vs " + ams[0]);
    assertCloseRelative(expected, train(new AdamW(0.3, 0.0, 0.9, 0.5, 1e-7).amsgrad(true), 4));
  }

  /**
   * 1e-5 relative: with steps this large the float32 rounding of {@code 1 - 0.999^t} (0.000999987
   * for 0.001 at t = 1, in Keras too) shows in the fifth digit.
   */
  static void assertCloseRelative(double[] expected, float[] actual) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-5 * Math.max(1, Math.abs(expected[i])), "weight " + i);
    }
  }

  @Test
  void emaWeightsReplaceTheWeightsAtTheEndOfFit() {
    double[] avg = new double[2];
    double[] expected = reference(4, 0.01, (w, g, lr, t) -> {
      double[] out = {w[0] - lr * g[0], w[1] - lr * g[1]};
      double m = t == 1 ? 0 : 0.9; // Keras: momentum 0 at the first step (the average starts as the weight)
      for (int i = 0; i < 2; i++) {
        avg[i] = m * avg[i] + (1 - m) * out[i];
      }
      return out;
    });
    assertClose(avg, train(new SGD(0.01).useEma(true).emaMomentum(0.9), 4));
    assertTrue(Math.abs(avg[0] - expected[0]) > 1e-3, "the average differs from the last weights");
  }

  @Test
  void emaOverwriteFrequencyCopiesTheAverageIntoTheWeightsEveryFSteps() {
    double[] withOverwrite = emaOfSgd(3, 2);
    double[] without = emaOfSgd(3, Integer.MAX_VALUE);
    assertTrue(Math.abs(withOverwrite[0] - without[0]) > 1e-3, "the overwrite at step 2 changes step 3: " + withOverwrite[0] + " vs " + without[0]);
    assertClose(withOverwrite, train(new SGD(0.02).useEma(true).emaMomentum(0.5).emaOverwriteFrequency(2), 3));
  }

  /** The EMA (momentum 0.5) of SGD(0.02)'s weights after {@code steps}, the weights set to it at each step t % f == 0. */
  static double[] emaOfSgd(int steps, int f) {
    double[] avg = new double[2];
    reference(steps, 0.02, (w, g, lr, t) -> {
      double[] out = {w[0] - lr * g[0], w[1] - lr * g[1]};
      double m = t == 1 ? 0 : 0.5;
      for (int i = 0; i < 2; i++) {
        avg[i] = m * avg[i] + (1 - m) * out[i];
      }
      return t % f == 0 ? avg.clone() : out; // Keras: (iterations + 1) % f == 0, iterations + 1 = t
    });
    return avg;
  }

  @Test
  void gradientAccumulationAppliesTheMeanGradientEveryNSteps() {
    // 5 steps, n = 2: updates at steps 2 and 4 with the mean of two gradients; step 5 only accumulates.
    double[] w = W0.clone();
    double lr = 0.05;
    for (int update = 0; update < 2; update++) {
      double[] g = gradient(w); // both accumulated steps see the same weights
      w = new double[] {w[0] - lr * g[0], w[1] - lr * g[1]};
    }
    SGD opt = new SGD(lr);
    opt.gradientAccumulationSteps(2);
    float[] got = trainSteps(opt, 5, 2);
    assertClose(w, got);
  }

  /** OptimizerStepsTest.train, checking Keras's iterations (updates applied: 5 // 2 with accumulation). */
  static float[] trainSteps(Optimizer opt, int steps, long iterations) {
    try (Sequential m = new Sequential(new Dense(1).useBias(false).inputShape(2))) {
      m.compile(opt, "mean_squared_error");
      m.setWeights(List.of(StdArrays.ndCopyOf(new float[][] {{(float) W0[0]}, {(float) W0[1]}})));
      FloatNdArray xs = StdArrays.ndCopyOf(new float[][] {{1f, 2f}});
      FloatNdArray ys = StdArrays.ndCopyOf(new float[][] {{3f}});
      m.fit(xs, ys, epochs(steps), batchSize(1), shuffle(false), verbose(0));
      assertEquals(iterations, opt.iterations(), "Keras's iterations");
      return flat(m.getWeights().get(0));
    }
  }

  @Test
  void stringIdentifiersAndDefaultsAreKeras() {
    Map<String, Class<?>> classes = Map.of("nadam", Nadam.class, "adamax", Adamax.class, "adadelta", Adadelta.class,
        "ftrl", Ftrl.class, "lion", Lion.class, "Nadam", Nadam.class);
    classes.forEach((id, cls) -> assertEquals(cls, Optimizers.get(id).getClass(), id));
    assertEquals("nadam", new Nadam().name());
    assertEquals(0.95, new Adadelta().getConfig().get("rho"));
    assertEquals(0.99, new Lion().getConfig().get("beta_2"));
    assertEquals(-0.5, new Ftrl().getConfig().get("learning_rate_power"));
    assertEquals(0.001, Optimizers.get("lion").learningRate(), 1e-9);
    assertEquals(0.5, Optimizers.get("adamax", 0.5).learningRate(), 1e-9);
  }

  @Test
  void baseOptionsRoundTripThroughTheConfig() {
    Optimizer o = new Nadam(0.01).useEma(true).emaMomentum(0.9).emaOverwriteFrequency(5).gradientAccumulationSteps(4);
    Map<String, Object> c = o.getConfig();
    assertEquals(true, c.get("use_ema"));
    assertEquals(0.9, c.get("ema_momentum"));
    assertEquals(5, c.get("ema_overwrite_frequency"));
    assertEquals(4, c.get("gradient_accumulation_steps"));
    assertEquals(c.toString(), Optimizers.fromConfig("Nadam", c).getConfig().toString());
    Adam ams = new Adam().amsgrad(true);
    assertEquals(true, Optimizers.fromConfig("Adam", ams.getConfig()).getConfig().get("amsgrad"));
  }

  @Test
  void badBaseOptionsAreRefusedWithTheirName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SGD().gradientAccumulationSteps(1));
    assertTrue(e.getMessage().contains("gradient_accumulation_steps=1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new SGD().emaMomentum(1.5));
    assertTrue(e.getMessage().contains("ema_momentum=1.5"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new SGD().emaOverwriteFrequency(0));
    assertTrue(e.getMessage().contains("ema_overwrite_frequency=0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Lion(0.001, 0.0, 0.99));
    assertTrue(e.getMessage().contains("beta_1=0.0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Ftrl(0.001, 0.5, 0.1, 0, 0, 0, 0));
    assertTrue(e.getMessage().contains("learning_rate_power=0.5"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Optimizers.fromConfig("Adam", Map.of("learning_rate", 0.001, "loss_scale_factor", 128.0)));
    assertTrue(e.getMessage().contains("loss_scale_factor"), e.getMessage());
  }
}
