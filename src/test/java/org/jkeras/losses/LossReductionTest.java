package org.jkeras.losses;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.sampleWeight;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import org.jkeras.TestUtil;
import org.jkeras.backend.Names;
import org.jkeras.layers.Dense;
import org.jkeras.models.Sequential;
import org.jkeras.optimizers.SGD;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras's Loss contract: per-sample values from call, sample weights and reduction from the base class. */
class LossReductionTest {

  /** A user's loss as in Keras's docs: only the per-sample function. */
  static class AbsoluteError extends Loss {
    @Override
    public Operand<TFloat32> call(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
      return tf.math.mean(tf.math.abs(tf.math.sub(yPred, yTrue)), tf.constant(-1));
    }
  }

  private static final FloatNdArray Y = TestUtil.array(new float[] {1, 2}, new float[] {3, 5}, new float[] {0, 0},
      new float[] {-2, 4});
  private static final FloatNdArray P = TestUtil.array(new float[] {1, 1}, new float[] {1, 1}, new float[] {1, 1},
      new float[] {1, 1});
  private static final FloatNdArray W = NdArrays.vectorOf(2f, 0f, 1f, 0.5f);

  @Test
  void eachReductionAsKeras() {
    // per-sample |p - t| means: 0.5, 3, 1, 3; weighted: 1, 0, 1, 1.5
    assertEquals((0.5 + 3 + 1 + 3) / 4, new AbsoluteError().call(Y, P), 1e-6);
    assertEquals(3.5 / 4, new AbsoluteError().call(Y, P, W), 1e-6);
    assertEquals(3.5, new AbsoluteError().reduction("sum").call(Y, P, W), 1e-6);
    assertEquals(3.5 / 4, new AbsoluteError().reduction("mean").call(Y, P, W), 1e-6);
    assertEquals(3.5 / 3.5, new AbsoluteError().reduction("mean_with_sample_weight").call(Y, P, W), 1e-6);
    assertArrayEquals(new float[] {1, 0, 1, 1.5f}, TestUtil.flat(new AbsoluteError().reduction("none").callArray(Y, P, W)));
    assertArrayEquals(new float[] {0.5f, 3, 1, 3}, TestUtil.flat(new AbsoluteError().reduction(null).callArray(Y, P, null)));
    var e = assertThrows(IllegalStateException.class, () -> new AbsoluteError().reduction("none").call(Y, P));
    assertTrue(e.getMessage().contains("use callArray"), e.getMessage());
    var bad = assertThrows(IllegalArgumentException.class, () -> new AbsoluteError().reduction("avg"));
    assertTrue(bad.getMessage().startsWith("Invalid value for argument `reduction`.") && bad.getMessage().endsWith(
        "Received: reduction=avg"), bad.getMessage());
  }

  @Test
  void aUserLossIsNamedAndConfiguredAsKeras() {
    Names.clearSession();
    assertEquals("absolute_error", new AbsoluteError().name());
    assertEquals("absolute_error_1", new AbsoluteError().name());
    assertEquals(List.of("name", "reduction"), List.copyOf(new AbsoluteError().reduction("sum").getConfig().keySet()));
  }

  private static List<FloatNdArray> trainedWeights(Supplier<Loss> loss, String lossName, FloatNdArray x, FloatNdArray y,
      FloatNdArray w) {
    try (Sequential m = new Sequential(new Dense(2).kernelInitializer("ones").inputShape(3))) {
      if (loss != null) {
        m.compile(new SGD(0.1), loss.get());
      } else {
        m.compile(new SGD(0.1), lossName);
      }
      m.fit(x, y, epochs(2), batchSize(2), shuffle(false), sampleWeight(w), verbose(0));
      return m.getWeights();
    }
  }

  /** A subclass with only call trains in fit exactly as the built-in loss with the same function. */
  @Test
  void aUserLossTrainsInFitWithSampleWeights() {
    FloatNdArray x = TestUtil.array(new float[] {0.1f, 0.2f, 0.3f}, new float[] {1, 0, -1}, new float[] {0.5f, 0.5f, 2},
        new float[] {-1, 1, 0});
    List<FloatNdArray> user = trainedWeights(AbsoluteError::new, null, x, Y, W);
    List<FloatNdArray> builtIn = trainedWeights(null, "mae", x, Y, W);
    List<FloatNdArray> unweighted = trainedWeights(AbsoluteError::new, null, x, Y, NdArrays.vectorOf(1f, 1f, 1f, 1f));
    for (int i = 0; i < user.size(); i++) {
      assertArrayEquals(TestUtil.flat(builtIn.get(i)), TestUtil.flat(user.get(i)), 0f);
    }
    assertTrue(TestUtil.flat(unweighted.get(0))[0] != TestUtil.flat(user.get(0))[0], "the sample weights changed nothing");
  }

  /**
   * Keras compiles a loss of reduction "none" too: the logged loss is the mean of the values and
   * the gradient is that of their sum (so the step equals the "sum" reduction's).
   */
  @Test
  void reductionNoneLogsTheMeanAndStepsAsTheSum() {
    FloatNdArray x = TestUtil.array(new float[] {0.1f, 0.2f, 0.3f}, new float[] {1, 0, -1});
    FloatNdArray y = TestUtil.array(new float[] {1, 2}, new float[] {3, 5});
    double[] logged = new double[3];
    float[][] kernels = new float[3][];
    String[] reductions = {"none", "sum", "sum_over_batch_size"};
    for (int i = 0; i < 3; i++) {
      try (Sequential m = new Sequential(new Dense(2).kernelInitializer("ones").inputShape(3))) {
        m.compile(new SGD(0.1), new MeanSquaredError().reduction(reductions[i]));
        logged[i] = m.fit(x, y, epochs(1), batchSize(2), verbose(0)).get("loss").get(0);
        kernels[i] = TestUtil.flat(m.getWeights().get(0));
      }
    }
    assertEquals(logged[2], logged[0], 1e-6);
    assertEquals(2 * logged[2], logged[1], 1e-5);
    assertArrayEquals(kernels[1], kernels[0], 1e-6f);
  }

  @Test
  void identifiersAreKerasNamesExactly() {
    assertTrue(Losses.get("mae") instanceof MeanAbsoluteError);
    assertTrue(Losses.get("MAE") instanceof MeanAbsoluteError);
    assertTrue(Losses.get("Huber") instanceof Huber);
    assertEquals("huber_loss", Losses.get("huber").name());
    assertTrue(Losses.get("kld") instanceof KLDivergence);
    assertTrue(Losses.get("binary_focal_crossentropy") instanceof BinaryFocalCrossentropy);
    for (String refused : List.of("huber_loss", "Mae", "logcosh", "rmse")) {
      var e = assertThrows(IllegalArgumentException.class, () -> Losses.get(refused));
      assertTrue(e.getMessage().startsWith("Could not interpret loss identifier: " + refused), e.getMessage());
    }
  }

  @Test
  void labelsOfShapeBatchMatchPredictionsOfShapeBatchByOne() {
    FloatNdArray t = NdArrays.vectorOf(1f, 0f);
    FloatNdArray p = TestUtil.array(new float[] {0.5f}, new float[] {0.25f});
    assertEquals((0.25 + 0.0625) / 2, new MeanSquaredError().call(t, p), 1e-7);
    assertEquals(Shape.of(2), new Huber().reduction("none").callArray(t, p, null).shape());
  }
}
