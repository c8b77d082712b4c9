package org.jkeras.saving;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;
import static org.jkeras.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.object.datatype.FixedPoint;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.jkeras.TestUtil;
import org.jkeras.layers.Dense;
import org.jkeras.models.Sequential;
import org.jkeras.optimizers.Adam;
import org.jkeras.optimizers.Nadam;
import org.jkeras.optimizers.Optimizer;
import org.jkeras.optimizers.SGD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * The optimizer's state in {@code save_weights}/{@code load_weights}, as Keras 3 stores it ({@code
 * optimizer/vars}): training that resumes from a file continues exactly as training that never
 * stopped. The exchange of such files with Python Keras is in the parity suite (callbacks_keras3).
 */
class OptimizerWeightsTest {
  static final FloatNdArray X = TestUtil.array(new float[] {1, 2, 0}, new float[] {0, 1, 3}, new float[] {2, 0, 1},
      new float[] {1, 1, 1});
  static final FloatNdArray Y = TestUtil.array(new float[] {1}, new float[] {-1}, new float[] {2}, new float[] {0.5f});

  static Sequential model(Optimizer o, List<FloatNdArray> weights) {
    Sequential m = new Sequential(new Dense(3).activation("tanh").inputShape(3), new Dense(1));
    m.compile(o, "mean_squared_error");
    if (weights != null) {
      m.setWeights(weights);
    }
    return m;
  }

  static void fit(Sequential m, int n) {
    m.fit(X, Y, epochs(n), batchSize(2), shuffle(false), verbose(0));
  }

  /**
   * One model trains 1 epoch then 3 more; another trains 1 epoch and saves; a third, fresh, loads
   * that file and trains 3 epochs: it ends with the first one's weights, bit for bit (Adam's
   * moments and step, the EMA averages, half-accumulated gradients all resumed).
   */
  @Test
  void trainingResumedFromAWeightsFileEndsWhereUninterruptedTrainingEnds(@TempDir Path tmp) throws Exception {
    List<Supplier<Optimizer>> optimizers = List.of(() -> new Adam(0.05), () -> new Nadam(0.05).useEma(true),
        () -> new SGD(0.05, 0.9, false).gradientAccumulationSteps(3));
    List<FloatNdArray> initial;
    try (Sequential m = model(new SGD(), null)) {
      initial = m.getWeights();
    }
    for (Supplier<Optimizer> make : optimizers) {
      Optimizer first = make.get();
      Path file = tmp.resolve(first.name() + ".weights.h5");
      float[] straight;
      long iterations;
      try (Sequential m = model(make.get(), initial)) {
        fit(m, 1); // 2 steps: 4 samples, batch 2
        fit(m, 3);
        straight = flat(m.getWeights().get(0));
        iterations = m.optimizer().iterations();
      }
      long saved;
      try (Sequential m = model(first, initial)) {
        fit(m, 1);
        saved = first.iterations();
        m.saveWeights(file);
      }
      Optimizer resumed = make.get();
      try (Sequential m = model(resumed, null)) {
        fit(m, 0); // builds the optimizer, as Keras's BackupAndRestore does before loading
        m.loadWeights(file);
        assertEquals(saved, resumed.iterations(), resumed.name() + ": the iterations restored");
        fit(m, 3);
        assertArrayEquals(straight, flat(m.getWeights().get(0)), resumed.name() + ": resumed ends where uninterrupted ends");
        assertEquals(iterations, resumed.iterations());
      }
    }
  }

  @Test
  void theFileHoldsKerasOptimizerVariables(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("adam.weights.h5");
    Adam adam = new Adam(0.05).amsgrad(true);
    try (Sequential m = model(adam, null)) {
      fit(m, 1);
      m.saveWeights(file);
    }
    try (HdfFile f = new HdfFile(file)) {
      Group vars = (Group) f.getByPath("optimizer/vars");
      assertEquals("adam", vars.getAttribute("name").getData());
      // iterations, learning_rate, then momentum and velocity of each of the 4 weights, then 4 velocity_hat
      assertEquals(2 + 4 * 2 + 4, vars.getChildren().size());
      Dataset it = (Dataset) vars.getChild("0");
      assertEquals(2L, ((Number) it.getData()).longValue());
      assertTrue(it.getDataType() instanceof FixedPoint && it.getDataType().getSize() == 8, "an int64, as Keras's");
      assertEquals(0.05f, ((Number) ((Dataset) vars.getChild("1")).getData()).floatValue());
      assertArrayEquals(new int[] {3, 3}, ((Dataset) vars.getChild("2")).getDimensions()); // dense kernel momentum
      assertArrayEquals(new int[] {3, 3}, ((Dataset) vars.getChild("10")).getDimensions()); // dense kernel velocity_hat
    }
  }

  @Test
  void anOptimizerNotBuiltYetSkipsTheStateAndTheWeightsStillLoad(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("m.weights.h5");
    List<FloatNdArray> trained;
    try (Sequential m = model(new Adam(0.05), null)) {
      fit(m, 1);
      trained = m.getWeights();
      m.saveWeights(file);
    }
    Adam fresh = new Adam(0.05);
    try (Sequential m = model(fresh, null)) {
      m.loadWeights(file);
      assertArrayEquals(flat(trained.get(0)), flat(m.getWeights().get(0)));
      assertFalse(fresh.built());
      fit(m, 1);
      assertEquals(2, fresh.iterations(), "a fresh optimizer (Keras skips it too)");
    }
  }

  @Test
  void theStateOfAnotherOptimizerIsSkippedAsKerasSkipsIt(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("sgd.weights.h5");
    List<FloatNdArray> trained;
    try (Sequential m = model(new SGD(0.1, 0.9, false), null)) {
      fit(m, 1);
      trained = m.getWeights();
      m.saveWeights(file);
    }
    try (Sequential m = model(new Adam(0.1), null)) {
      fit(m, 0);
      m.loadWeights(file); // Adam has 2 + 2 * 4 variables, the file's SGD 2 + 4: skipped
      assertEquals(0, m.optimizer().iterations());
      assertArrayEquals(flat(trained.get(0)), flat(m.getWeights().get(0)), "the weights loaded");
    }
    try (Sequential m = model(new SGD(0.1, 0.9, false), null)) {
      fit(m, 0);
      m.loadWeights(file);
      assertEquals(2, m.optimizer().iterations(), "the same optimizer: the state loads");
    }
  }
}
