package org.jkeras.optimizers;

import static org.jkeras.Kwargs.autoScaleLoss;
import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.loss;
import static org.jkeras.Kwargs.optimizer;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jkeras.dtypepolicies.DTypePolicy;
import org.jkeras.dtypepolicies.MixedPrecision;
import org.jkeras.layers.Dense;
import org.jkeras.models.Model;
import org.jkeras.models.Models;
import org.jkeras.models.Sequential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.StdArrays;

/**
 * Keras's dynamic loss scaling: the scale doubles after {@code dynamic_growth_steps} finite steps,
 * a non-finite step is skipped (weights and iterations unchanged) and halves it; scaling by powers
 * of two changes no bit of a finite float32 step; {@code compile} wraps the optimizer under
 * mixed_float16.
 */
class LossScaleOptimizerTest {
  private static final FloatNdArray X = StdArrays.ndCopyOf(new float[][] {{1, 2}, {3, -1}, {0.5f, 0.25f}, {-2, 1}});
  private static final FloatNdArray Y = StdArrays.ndCopyOf(new float[][] {{1}, {0}, {2}, {-1}});

  @AfterEach
  void resetPolicy() {
    MixedPrecision.setGlobalPolicy((DTypePolicy) null);
  }

  private static Sequential model() {
    Sequential m = new Sequential(new Dense(1).inputShape(2));
    m.setWeights(List.of(StdArrays.ndCopyOf(new float[][] {{0.3f}, {-0.2f}}), StdArrays.ndCopyOf(new float[] {0.1f})));
    return m;
  }

  @Test
  void finiteStepsAreTheInnerOptimizersBitForBitAndGrowTheScale() {
    Sequential plain = model();
    plain.compile(optimizer(new Adam(0.01)), loss("mse"));
    plain.fit(List.of(X), List.of(Y), epochs(5), batchSize(2), shuffle(false), verbose(0));
    Sequential scaled = model();
    LossScaleOptimizer lso = new LossScaleOptimizer(new Adam(0.01), 1024, 4);
    scaled.compile(optimizer(lso), loss("mse"));
    assertEquals(1024.0, lso.dynamicScale());
    scaled.fit(List.of(X), List.of(Y), epochs(5), batchSize(2), shuffle(false), verbose(0));
    assertEquals(plain.getWeights(), scaled.getWeights());
    assertEquals(10, lso.iterations());
    assertEquals(4096.0, lso.dynamicScale(), "doubled after steps 4 and 8");
    plain.close();
    scaled.close();
  }

  @Test
  void aNonFiniteStepIsSkippedAndHalvesTheScale() {
    Sequential m = model();
    List<FloatNdArray> before = m.getWeights();
    LossScaleOptimizer lso = new LossScaleOptimizer(new SGD(0.1), Float.MAX_VALUE, 2000); // the scaled gradients overflow
    m.compile(optimizer(lso), loss("mse"));
    m.fit(List.of(X), List.of(Y), epochs(1), batchSize(4), verbose(0));
    assertEquals(before, m.getWeights());
    assertEquals(0, lso.iterations());
    assertEquals(Float.MAX_VALUE / 2, (float) lso.dynamicScale());
  }

  @Test
  void theInnerOptimizersStateIsSavedAndLoaded(@TempDir Path tmp) throws Exception {
    Sequential m = model();
    m.compile(optimizer(new LossScaleOptimizer(new Adam(0.01))), loss("mse"));
    m.fit(List.of(X), List.of(Y), epochs(3), batchSize(2), shuffle(false), verbose(0));
    Path file = tmp.resolve("m.weights.h5");
    m.saveWeights(file);
    Sequential n = model();
    LossScaleOptimizer lso = new LossScaleOptimizer(new Adam(0.01));
    n.compile(optimizer(lso), loss("mse"));
    n.fit(List.of(X), List.of(Y), epochs(1), batchSize(4), shuffle(false), verbose(0)); // builds the optimizer
    n.loadWeights(file);
    assertEquals(m.getWeights(), n.getWeights());
    assertEquals(6, lso.iterations());
    m.close();
    n.close();
  }

  @Test
  void aKerasFileCarriesTheStepCounterAndTheScale(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("m.keras");
    try (Sequential m = model()) {
      m.compile(optimizer(new LossScaleOptimizer(new Adam(0.01), 8, 2)), loss("mse"));
      m.fit(List.of(X), List.of(Y), epochs(3), batchSize(4), shuffle(false), verbose(0)); // 3 steps: scale 16, counter 1
      m.save(file);
      try (Model n = Models.loadModel(file)) {
        LossScaleOptimizer lso = assertInstanceOf(LossScaleOptimizer.class, n.optimizer());
        assertEquals(3, lso.iterations());
        assertEquals(1, lso.stepCounter());
        assertEquals(16.0, lso.dynamicScale());
        assertEquals(m.optimizer().optimizerVariables().size(), lso.optimizerVariables().size());
        for (int i = 0; i < lso.optimizerVariables().size(); i++) {
          assertEquals(m.optimizer().optimizerVariables().get(i).getValue(), lso.optimizerVariables().get(i).getValue());
        }
        n.fit(List.of(X), List.of(Y), epochs(1), batchSize(4), verbose(0));
        assertEquals(32.0, lso.dynamicScale(), "the second finite step in a row after the reload doubles the scale");
        assertEquals(0, lso.stepCounter());
      }
    }
  }

  @Test
  void compileWrapsTheOptimizerUnderMixedFloat16() {
    MixedPrecision.setGlobalPolicy("mixed_float16");
    Sequential m = new Sequential(new Dense(1).inputShape(2).dtype("float32"));
    m.compile("sgd", "mse");
    LossScaleOptimizer lso = assertInstanceOf(LossScaleOptimizer.class, m.optimizer());
    assertInstanceOf(SGD.class, lso.innerOptimizer());
    assertEquals(32768.0, lso.initialScale());
    assertEquals(2000, lso.dynamicGrowthSteps());
    Sequential n = new Sequential(new Dense(1).inputShape(2).dtype("float32"));
    n.compile(optimizer("sgd"), loss("mse"), autoScaleLoss(false));
    assertFalse(n.optimizer() instanceof LossScaleOptimizer);
    MixedPrecision.setGlobalPolicy("mixed_bfloat16");
    Sequential b = new Sequential(new Dense(1).inputShape(2));
    b.compile("sgd", "mse");
    assertFalse(b.optimizer() instanceof LossScaleOptimizer, "bfloat16 has float32's range: no loss scaling");
  }

  @Test
  void itsConfigIsKerassAndComesBack() {
    LossScaleOptimizer lso = new LossScaleOptimizer(new Adam(0.5));
    Map<String, Object> c = lso.getConfig();
    assertEquals("loss_scale_optimizer", c.get("name"));
    assertEquals(32768.0, c.get("initial_scale"));
    assertEquals(2000, c.get("dynamic_growth_steps"));
    LossScaleOptimizer back = (LossScaleOptimizer) Optimizers.fromConfig("LossScaleOptimizer", c);
    assertInstanceOf(Adam.class, back.innerOptimizer());
    assertEquals(0.5, back.innerOptimizer().learningRate());
    assertThrows(IllegalArgumentException.class, () -> new LossScaleOptimizer(new SGD(), 0, 10));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new LossScaleOptimizer(lso)).getMessage()
        .contains("inner_optimizer"));
  }
}
