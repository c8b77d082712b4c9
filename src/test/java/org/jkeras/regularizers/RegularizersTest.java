package org.jkeras.regularizers;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.jkeras.TestUtil;
import org.jkeras.backend.KerasVariable;
import org.jkeras.examples.SeedModels;
import org.jkeras.layers.Conv2D;
import org.jkeras.layers.Dense;
import org.jkeras.models.Sequential;
import org.jkeras.optimizers.SGD;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.StdArrays;

class RegularizersTest {
  static final float[][] KERNEL = {{1f, -2f}, {0.5f, 3f}, {-1f, 0f}};
  static final float[] BIAS = {0.25f, -0.75f};

  static double sumSquares(float[][] k) {
    double s = 0;
    for (float[] row : k) {
      for (float v : row) {
        s += v * v;
      }
    }
    return s;
  }

  static double sumAbs(float[] b) {
    double s = 0;
    for (float v : b) {
      s += Math.abs(v);
    }
    return s;
  }

  @Test
  void penaltiesOfHandSetWeights() {
    Dense d = new Dense(2).kernelRegularizer(Regularizers.l2(0.01)).biasRegularizer(Regularizers.l1(0.1)).inputShape(3);
    try (Sequential m = new Sequential(d)) {
      m.setWeights(List.of(StdArrays.ndCopyOf(KERNEL), StdArrays.ndCopyOf(BIAS)));
      List<Double> losses = m.losses();
      assertEquals(2, losses.size());
      assertEquals(0.01 * sumSquares(KERNEL), losses.get(0), 1e-6); // 0.01 * 15.25
      assertEquals(0.1 * sumAbs(BIAS), losses.get(1), 1e-6); // 0.1 * 1.0
      // l1 * sum|x| + l2 * sum(x^2) = 0.02 * 1.0 + 0.01 * 0.5
      assertEquals(0.025, new L1L2(0.02, 0.01).call(StdArrays.ndCopyOf(new float[] {0.5f, -0.5f})), 1e-7);
    }
  }

  @Test
  void theLoggedLossIsTheDataLossPlusEveryPenaltySummedNotAveraged() {
    // lr = 0: the weights stay as set, so every batch sees the same penalties.
    Dense d = new Dense(2).kernelRegularizer(Regularizers.l2(0.01)).biasRegularizer(Regularizers.l1(0.1))
        .activityRegularizer(Regularizers.l2(0.5)).inputShape(3);
    Dense out = new Dense(1).useBias(false).kernelInitializer("ones");
    try (Sequential m = new Sequential(d, out)) {
      m.setWeights(List.of(StdArrays.ndCopyOf(KERNEL), StdArrays.ndCopyOf(BIAS), StdArrays.ndCopyOf(new float[][] {{1f}, {1f}})));
      m.compile(new SGD(0.0), "mean_squared_error");
      float[][] x = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 1}};
      float[][] y = {{0}, {1}, {2}, {3}};
      double weightPenalty = 0.01 * sumSquares(KERNEL) + 0.1 * sumAbs(BIAS);
      // Per batch of 2: MSE + weight penalties + l2(0.5) of the hidden output / batch size (Keras 3).
      double total = 0;
      for (int b = 0; b < 2; b++) {
        double mse = 0;
        double act = 0;
        for (int i = 2 * b; i < 2 * b + 2; i++) {
          double h0 = x[i][0] * KERNEL[0][0] + x[i][1] * KERNEL[1][0] + x[i][2] * KERNEL[2][0] + BIAS[0];
          double h1 = x[i][0] * KERNEL[0][1] + x[i][1] * KERNEL[1][1] + x[i][2] * KERNEL[2][1] + BIAS[1];
          mse += Math.pow(h0 + h1 - y[i][0], 2) / 2;
          act += h0 * h0 + h1 * h1;
        }
        total += (mse + weightPenalty + 0.5 * act / 2) * 2;
      }
      double expected = total / 4;
      var h = m.fit(StdArrays.ndCopyOf(x), StdArrays.ndCopyOf(y), epochs(1), batchSize(2), shuffle(false), verbose(0));
      assertEquals(expected, h.get("loss").get(0), 1e-5);
      Map<String, Double> ev = m.evaluate(StdArrays.ndCopyOf(x), StdArrays.ndCopyOf(y), batchSize(2), verbose(0));
      assertEquals(expected, ev.get("loss"), 1e-5);
    }
  }

  @Test
  void theSeedsL2ModelHasOnePenaltyPerConvKernel() {
    try (Sequential m = SeedModels.createL2Model(32, 32, 3, 0.001)) {
      List<Double> losses = m.losses();
      assertEquals(3, losses.size());
      int i = 0;
      for (var layer : m.layers()) {
        if (layer instanceof Conv2D) {
          KerasVariable k = ((Conv2D) layer).kernel();
          double s = 0;
          for (float v : TestUtil.flat(k.getValue())) {
            s += (double) v * v;
          }
          assertEquals(0.001 * s, losses.get(i++), 1e-6 * Math.max(1, s));
        }
      }
    }
  }

  @Test
  void frozenWeightsHaveNoPenalty() {
    Dense d = new Dense(2).kernelRegularizer("l2").inputShape(3);
    try (Sequential m = new Sequential(d)) {
      d.setTrainable(false);
      assertEquals(List.of(), m.losses());
    }
  }

  @Test
  void stringIdentifiers() {
    assertEquals(0.01, ((L2) Regularizers.get("l2")).l2());
    assertEquals(0.01, ((L1) Regularizers.get("l1")).l1());
    L1L2 both = (L1L2) Regularizers.get("l1_l2");
    assertEquals(0.01, both.l1());
    assertEquals(0.01, both.l2());
    L1L2 keras3 = (L1L2) Regularizers.get("L1L2");
    assertEquals(0.0, keras3.l1());
    assertEquals(0.0, keras3.l2());
    assertEquals(0.01, ((L2) Regularizers.deserialize(new Dense(1).kernelRegularizer("l2").getConfig().get("kernel_regularizer"))).l2());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Regularizers.get("l3"));
    assertTrue(e.getMessage().contains("l3"), e.getMessage());
  }

  @Test
  void negativeOrNanFactorsAreRefusedWithTheirName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Regularizers.l2(-0.001));
    assertTrue(e.getMessage().contains("l2=-0.001"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Regularizers.l1(Double.NaN));
    assertTrue(e.getMessage().contains("l1=NaN"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new L1L2(0.1, Double.POSITIVE_INFINITY));
    assertTrue(e.getMessage().contains("l2=Infinity"), e.getMessage());
  }
}
