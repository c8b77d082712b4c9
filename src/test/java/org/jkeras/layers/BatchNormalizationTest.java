package org.jkeras.layers;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.jkeras.TestUtil;
import org.jkeras.models.Model;
import org.jkeras.models.Models;
import org.jkeras.models.Sequential;
import org.jkeras.optimizers.SGD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.StdArrays;

class BatchNormalizationTest {
  static final float[][] X = {{1, 2, -1}, {3, 0, -1}, {5, 2, -1}, {7, 4, -1}};
  static final float[] GAMMA = {2f, 0.5f, 1f};
  static final float[] BETA = {0.1f, -0.2f, 0.3f};

  static double[] mean() {
    double[] m = new double[3];
    for (float[] r : X) {
      for (int c = 0; c < 3; c++) {
        m[c] += r[c] / 4.0;
      }
    }
    return m;
  }

  static double[] variance() {
    double[] m = mean();
    double[] v = new double[3];
    for (float[] r : X) {
      for (int c = 0; c < 3; c++) {
        v[c] += (r[c] - m[c]) * (r[c] - m[c]) / 4.0; // biased, as tf.nn.moments
      }
    }
    return v;
  }

  static List<FloatNdArray> weights(float[] movingMean, float[] movingVar) {
    return List.of(StdArrays.ndCopyOf(GAMMA), StdArrays.ndCopyOf(BETA), StdArrays.ndCopyOf(movingMean),
        StdArrays.ndCopyOf(movingVar));
  }

  @Test
  void trainingNormalisesWithTheBatchStatistics() {
    double[] m = mean();
    double[] v = variance();
    FloatNdArray y = TestUtil.run(new BatchNormalization(), StdArrays.ndCopyOf(X), true,
        weights(new float[] {9, 9, 9}, new float[] {9, 9, 9}));
    for (int i = 0; i < 4; i++) {
      for (int c = 0; c < 3; c++) {
        double expected = (X[i][c] - m[c]) / Math.sqrt(v[c] + 1e-3) * GAMMA[c] + BETA[c];
        assertEquals(expected, y.getFloat(i, c), 1e-5, "(" + i + "," + c + ")");
      }
    }
  }

  @Test
  void inferenceUsesTheMovingStatistics() {
    float[] mm = {1, -1, 0.5f};
    float[] mv = {4, 0.25f, 1};
    FloatNdArray y = TestUtil.run(new BatchNormalization(), StdArrays.ndCopyOf(X), false, weights(mm, mv));
    for (int i = 0; i < 4; i++) {
      for (int c = 0; c < 3; c++) {
        double expected = (X[i][c] - mm[c]) / Math.sqrt(mv[c] + 1e-3) * GAMMA[c] + BETA[c];
        assertEquals(expected, y.getFloat(i, c), 1e-5);
      }
    }
  }

  @Test
  void aTrainingStepMovesTheMovingAveragesByOneMinusMomentum() {
    BatchNormalization bn = new BatchNormalization().inputShape(3);
    try (Sequential model = new Sequential(bn, new Dense(1))) {
      model.compile(new SGD(0.0), "mean_squared_error");
      model.fit(StdArrays.ndCopyOf(X), StdArrays.ndCopyOf(new float[][] {{0}, {1}, {0}, {1}}), epochs(1), batchSize(4),
          verbose(0));
      double[] m = mean();
      double[] v = variance();
      float[] mm = TestUtil.flat(bn.movingMean().getValue());
      float[] mv = TestUtil.flat(bn.movingVariance().getValue());
      for (int c = 0; c < 3; c++) {
        assertEquals(0.01 * m[c], mm[c], 1e-6);
        assertEquals(0.99 + 0.01 * v[c], mv[c], 1e-6);
      }
      // evaluate runs in inference mode: the statistics do not move.
      model.evaluate(StdArrays.ndCopyOf(X), StdArrays.ndCopyOf(new float[][] {{0}, {1}, {0}, {1}}), verbose(0));
      assertArrayEquals(mm, TestUtil.flat(bn.movingMean().getValue()));
    }
  }

  @Test
  void gammaAndBetaTrainTheMovingStatisticsDoNot() {
    BatchNormalization bn = new BatchNormalization().inputShape(3);
    try (Sequential model = new Sequential(bn, new Dense(1).kernelInitializer("ones"))) {
      model.compile(new SGD(0.1), "mean_squared_error");
      assertEquals(List.of("batch_normalization", "dense"), model.layers().stream().map(l -> l.name().replaceAll("_\\d+$", ""))
          .toList());
      var h = model.fit(StdArrays.ndCopyOf(X), StdArrays.ndCopyOf(new float[][] {{0}, {1}, {0}, {1}}), epochs(20),
          batchSize(4), shuffle(false), verbose(0));
      assertTrue(h.get("loss").get(19) < h.get("loss").get(0), h.get("loss").toString());
      assertTrue(Math.abs(TestUtil.flat(bn.gamma().getValue())[0] - 1f) > 1e-4, "gamma received gradients");
      assertEquals(2, bn.trainableWeights().size());
      assertEquals(2, bn.nonTrainableWeights().size());
    }
  }

  @Test
  void aFrozenLayerUsesItsMovingStatisticsAndLeavesThemAlone() {
    BatchNormalization bn = new BatchNormalization().inputShape(3);
    try (Sequential model = new Sequential(bn, new Dense(1))) {
      bn.setTrainable(false);
      model.compile(new SGD(0.1), "mean_squared_error");
      model.fit(StdArrays.ndCopyOf(X), StdArrays.ndCopyOf(new float[][] {{0}, {1}, {0}, {1}}), epochs(2), batchSize(4),
          verbose(0));
      assertArrayEquals(new float[] {0, 0, 0}, TestUtil.flat(bn.movingMean().getValue()));
      assertArrayEquals(new float[] {1, 1, 1}, TestUtil.flat(bn.gamma().getValue()));
    }
  }

  @Test
  void summaryCountsTheMovingStatisticsAsNonTrainable() {
    try (Sequential model = new Sequential(new Conv2D(8, 3).inputShape(8, 8, 3), new BatchNormalization(), new Flatten(),
        new Dense(1))) {
      String s = model.summaryString();
      assertTrue(s.contains("BatchNormalization"), s);
      assertTrue(s.contains("Non-trainable params: 16 (64.00 B)"), s);
      assertEquals(4 * 8, model.layers().get(1).countParams());
    }
  }

  @Test
  void channelsFirstAxisAndConfigRoundTrip(@TempDir Path tmp) throws Exception {
    // axis=1 on (batch, 2, 3): statistics per row of each sample.
    BatchNormalization bn = new BatchNormalization(1).momentum(0.9).epsilon(1e-2).inputShape(2, 3);
    float[][][] x = {{{1, 2, 3}, {0, 0, 6}}, {{3, 2, 1}, {6, 0, 0}}};
    FloatNdArray y = TestUtil.run(bn, StdArrays.ndCopyOf(x), true, null);
    // row 0 over both samples: values 1,2,3,3,2,1 -> mean 2, variance 2/3
    assertEquals((1 - 2) / Math.sqrt(2.0 / 3 + 1e-2), y.getFloat(0, 0, 0), 1e-5);
    BatchNormalization saved = new BatchNormalization(1).momentum(0.9).epsilon(1e-2).inputShape(2, 3);
    try (Sequential model = new Sequential(saved, new Flatten(), new Dense(1))) {
      model.compile("sgd", "mean_squared_error");
      model.save(tmp.resolve("m"));
      try (Model back = Models.loadModel(tmp.resolve("m"))) {
        BatchNormalization b2 = (BatchNormalization) ((Sequential) back).layers().get(0);
        assertEquals(saved.getConfig(), b2.getConfig());
        assertEquals(4, b2.weights().size());
      }
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Sequential(new BatchNormalization(3).inputShape(2, 3)));
    assertTrue(e.getMessage().contains("axis=3"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new BatchNormalization().momentum(Double.NaN));
  }
}
