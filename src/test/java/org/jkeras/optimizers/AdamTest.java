package org.jkeras.optimizers;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;
import static org.jkeras.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.jkeras.layers.Dense;
import org.jkeras.models.Sequential;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.StdArrays;

class AdamTest {

  @Test
  void oneStepFollowsTheKerasFormulaWithEpsilon1eMinus7() {
    // Model y = x @ w (no bias, linear), loss MSE; one sample: gradient is known in closed form.
    try (Sequential m = new Sequential(new Dense(1).useBias(false).inputShape(2))) {
      m.compile(new Adam(0.1), "mean_squared_error");
      float[] w0 = {0.5f, -0.25f};
      m.setWeights(List.of(StdArrays.ndCopyOf(new float[][] {{w0[0]}, {w0[1]}})));
      float[] x = {1f, 2f};
      float target = 3f;
      FloatNdArray xs = StdArrays.ndCopyOf(new float[][] {x});
      FloatNdArray ys = StdArrays.ndCopyOf(new float[][] {{target}});
      var h = m.fit(xs, ys, epochs(1), batchSize(1), shuffle(false), verbose(0));

      double pred = w0[0] * x[0] + w0[1] * x[1];
      assertEquals((pred - target) * (pred - target), h.get("loss").get(0), 1e-6);
      double lr = 0.1;
      double b1 = 0.9;
      double b2 = 0.999;
      double eps = 1e-7;
      float[] expected = new float[2];
      for (int i = 0; i < 2; i++) {
        double g = 2 * (pred - target) * x[i];
        double mom = (1 - b1) * g;
        double vel = (1 - b2) * g * g;
        double alpha = lr * Math.sqrt(1 - b2) / (1 - b1);
        expected[i] = (float) (w0[i] - alpha * mom / (Math.sqrt(vel) + eps));
      }
      assertArrayEquals(expected, flat(m.getWeights().get(0)), 1e-6f);
      assertEquals(1, m.trainer().optimizer().iterations());
    }
  }

  @Test
  void oneStepIsKerasUpdateStepInFloat32OpForOp() {
    // Exact inputs (w x = 0, so the MSE gradients are exactly -6 and -12): the only rounding is the
    // update's own, which must be Keras's: 1 - beta computed in double then rounded to float32.
    try (Sequential m = new Sequential(new Dense(1).useBias(false).inputShape(2))) {
      m.compile(new Adam(), "mean_squared_error");
      float[] w0 = {0.5f, 0.25f};
      float[] x = {1f, -2f};
      m.setWeights(List.of(StdArrays.ndCopyOf(new float[][] {{w0[0]}, {w0[1]}})));
      m.fit(StdArrays.ndCopyOf(new float[][] {x}), StdArrays.ndCopyOf(new float[][] {{3f}}),
          epochs(1), batchSize(1), shuffle(false), verbose(0));
      float lr = 0.001f;
      float alpha = lr * (float) Math.sqrt(1f - 0.999f) / (1f - 0.9f);
      float[] expected = new float[2];
      for (int i = 0; i < 2; i++) {
        float g = 2f * (0f - 3f) * x[i];
        float mom = (g - 0f) * (float) (1 - 0.9);
        float vel = (g * g - 0f) * (float) (1 - 0.999);
        expected[i] = w0[i] - (mom * alpha) / ((float) Math.sqrt(vel) + 1e-7f);
      }
      assertArrayEquals(expected, flat(m.getWeights().get(0)), 0f);
    }
  }

  @Test
  void defaultsAreKeras() {
    var c = new Adam().getConfig();
    assertEquals(0.0010000000474974513, c.get("learning_rate"), "Keras reads its float32 variable: float(np.float32(0.001))");
    assertEquals(0.9, c.get("beta_1"));
    assertEquals(0.999, c.get("beta_2"));
    assertEquals(1e-7, c.get("epsilon"));
  }
}
