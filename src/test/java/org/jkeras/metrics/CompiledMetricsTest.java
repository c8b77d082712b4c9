package org.jkeras.metrics;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.callbacks;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.loss;
import static org.jkeras.Kwargs.metrics;
import static org.jkeras.Kwargs.optimizer;
import static org.jkeras.Kwargs.sampleWeight;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;
import static org.jkeras.Kwargs.weightedMetrics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jkeras.backend.Names;
import org.jkeras.callbacks.EarlyStopping;
import org.jkeras.callbacks.History;
import org.jkeras.layers.Dense;
import org.jkeras.models.Sequential;
import org.jkeras.random.Seeds;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/** Metrics compiled into a model: names in the logs as Keras 3 gives them, state over batches, vector results. */
class CompiledMetricsTest {

  static FloatNdArray random(Random r, long... shape) {
    FloatNdArray a = NdArrays.ofFloats(Shape.of(shape));
    a.scalars().forEach(s -> s.setFloat(r.nextFloat()));
    return a;
  }

  static FloatNdArray binaryLabels(FloatNdArray x) {
    FloatNdArray y = NdArrays.ofFloats(Shape.of(x.shape().get(0), 1));
    for (long i = 0; i < x.shape().get(0); i++) {
      y.setFloat(x.getFloat(i, 0) + x.getFloat(i, 1) > 1 ? 1 : 0, i, 0);
    }
    return y;
  }

  /** Issue 13's compile line on a tiny binary model: fit and evaluate log Keras's keys, each metric in range. */
  @Test
  void issueSnippetCompileFitsATinyBinaryModel() {
    Names.clearSession();
    Seeds.setRandomSeed(3);
    Random r = new Random(3);
    FloatNdArray x = random(r, 64, 4);
    FloatNdArray y = binaryLabels(x);
    try (Sequential m = new Sequential(new Dense(8).activation("relu").inputShape(4), new Dense(1).activation("sigmoid"))) {
      m.compile("adam", "binary_crossentropy", "accuracy", "auc", "precision", "recall");
      History h = m.fit(x, y, epochs(3), batchSize(16), verbose(0));
      assertEquals(List.of("accuracy", "auc", "loss", "precision", "recall"), List.copyOf(h.history().keySet()));
      for (String k : List.of("accuracy", "auc", "precision", "recall")) {
        for (double v : h.get(k)) {
          assertTrue(v >= 0 && v <= 1, k + " out of [0, 1]: " + h.get(k));
        }
      }
      Map<String, Double> e = m.evaluate(x, y, verbose(0));
      assertEquals(List.of("accuracy", "auc", "loss", "precision", "recall"), List.copyOf(e.keySet()));
      // the logged AUC is the one of all 64 samples (state merged over the 4 batches): the same
      // metric computed eagerly on the whole set at once
      AUC whole = new AUC();
      whole.updateState(y, m.predict(x, verbose(0)));
      assertEquals(whole.result().getFloat(), e.get("auc"), 1e-6);
    }
  }

  /** Keras 3: two metrics of one name log as auc and auc_1; a weighted metric keeps its name unless taken. */
  @Test
  void duplicateNamesAreNumberedAsKerasDoes() {
    Names.clearSession();
    Random r = new Random(4);
    FloatNdArray x = random(r, 8, 4);
    FloatNdArray y = binaryLabels(x);
    try (Sequential m = new Sequential(new Dense(1).activation("sigmoid").inputShape(4))) {
      m.compile(optimizer("sgd"), loss("binary_crossentropy"), metrics(List.of("auc", "auc", "mae")),
          weightedMetrics(List.of("mae", "mse")));
      Map<String, Double> e = m.evaluate(x, y, verbose(0));
      assertEquals(List.of("auc", "auc_1", "loss", "mae", "mse", "weighted_mae"), List.copyOf(e.keySet()));
      assertEquals(e.get("auc"), e.get("auc_1"));
      // a metric made from a name takes the automatic name, as in Keras: the next AUC() is auc_2
      assertEquals("auc_2", new AUC().name());
    }
  }

  /** As Keras: a numbered name is not reserved, so a later metric named auc_1 takes its place in the logs. */
  @Test
  void aLaterMetricOfANumberedNameReplacesIt() {
    Names.clearSession();
    Random r = new Random(8);
    FloatNdArray x = random(r, 8, 4);
    FloatNdArray y = binaryLabels(x);
    try (Sequential m = new Sequential(new Dense(1).activation("sigmoid").inputShape(4))) {
      m.compile(optimizer("sgd"), loss("binary_crossentropy"), metrics(List.of("auc", "auc")),
          weightedMetrics(List.of(new AUC(3).name("auc_1"))));
      Map<String, Double> e = m.evaluate(x, y, verbose(0));
      assertEquals(List.of("auc", "auc_1", "loss"), List.copyOf(e.keySet()));
      AUC coarse = new AUC(3);
      coarse.updateState(y, m.predict(x, verbose(0)));
      assertEquals(coarse.result().getFloat(), e.get("auc_1"), 1e-6);
    }
  }

  /** A vector result (F1Score without averaging, Precision at two thresholds) logs one value per element. */
  @Test
  void vectorResultsAreLoggedPerElement() {
    Names.clearSession();
    Random r = new Random(5);
    FloatNdArray x = random(r, 12, 3);
    FloatNdArray y = NdArrays.ofFloats(Shape.of(12, 3));
    for (int i = 0; i < 12; i++) {
      y.setFloat(1, i, i % 3);
    }
    try (Sequential m = new Sequential(new Dense(3).activation("softmax").inputShape(3))) {
      m.compile(optimizer("sgd"), loss("categorical_crossentropy"),
          metrics(List.of(new F1Score(), new F1Score("macro").name("macro_f1"), new Precision(0.3, 0.6))));
      // A monitor on one element finds its metric's direction in mode auto.
      History h = m.fit(x, y, epochs(2), batchSize(4), shuffle(false), verbose(0),
          callbacks(new EarlyStopping("f1_score[0]", 5)));
      assertEquals(List.of("f1_score[0]", "f1_score[1]", "f1_score[2]", "loss", "macro_f1", "precision[0]",
          "precision[1]"), List.copyOf(h.history().keySet()));
      Map<String, Double> e = m.evaluate(x, y, verbose(0));
      double mean = (e.get("f1_score[0]") + e.get("f1_score[1]") + e.get("f1_score[2]")) / 3;
      assertEquals(mean, e.get("macro_f1"), 1e-6);
    }
  }

  /** EarlyStopping in mode auto reads the metric's direction: AUC up, MAE down. */
  @Test
  void monitorsReadTheDirection() {
    Names.clearSession();
    Random r = new Random(6);
    FloatNdArray x = random(r, 16, 4);
    FloatNdArray y = binaryLabels(x);
    try (Sequential m = new Sequential(new Dense(1).activation("sigmoid").inputShape(4))) {
      m.compile("sgd", "binary_crossentropy", "auc", "mae");
      assertEquals("up", m.compiledMetrics().get("auc").direction());
      assertEquals("down", m.compiledMetrics().get("mae").direction());
      History h = m.fit(x, y, epochs(2), verbose(0), callbacks(new EarlyStopping("auc", 5),
          new EarlyStopping("mae", 5)));
      assertEquals(2, h.get("auc").size());
    }
  }

  /** Sample weights reach weighted metrics, not plain ones (Keras's metrics / weighted_metrics). */
  @Test
  void weightedMetricsSeeTheSampleWeights() {
    Names.clearSession();
    FloatNdArray x = NdArrays.ofFloats(Shape.of(4, 1));
    FloatNdArray y = NdArrays.ofFloats(Shape.of(4, 1));
    FloatNdArray w = NdArrays.ofFloats(Shape.of(4));
    float[] labels = {0, 1, 2, 4};
    float[] weights = {1, 0, 0, 3};
    for (int i = 0; i < 4; i++) {
      y.setFloat(labels[i], i, 0);
      w.setFloat(weights[i], i);
    }
    try (Sequential m = new Sequential(new Dense(1).kernelInitializer("zeros").inputShape(1))) {
      m.compile(optimizer("sgd"), loss("mse"), metrics(List.of("mae")), weightedMetrics(List.of(new RootMeanSquaredError())));
      Map<String, Double> e = m.evaluate(x, y, sampleWeight(w), verbose(0));
      assertEquals((0 + 1 + 2 + 4) / 4.0, e.get("mae"), 1e-6);
      assertEquals(Math.sqrt((0 + 3 * 16) / 4.0), e.get("root_mean_squared_error"), 1e-6);
    }
  }

  @Test
  void namesAreKerasIdentifiersExactly() {
    assertEquals("auc", Metrics.get("auc", null, Shape.of(-1, 1)).name());
    assertTrue(Metrics.get("AUC", null, Shape.of(-1, 1)) instanceof AUC);
    assertTrue(Metrics.get("mae") instanceof MeanAbsoluteError);
    assertEquals("mean_absolute_error", Metrics.get("mae").name());
    assertEquals("MAE", Metrics.get("MAE", null, Shape.of(-1, 1)).name());
    assertTrue(Metrics.get("top_k_categorical_accuracy") instanceof TopKCategoricalAccuracy);
    assertTrue(Metrics.get("f_beta_score") instanceof FBetaScore);
    var e = assertThrows(IllegalArgumentException.class, () -> Metrics.get("Auc"));
    assertTrue(e.getMessage().startsWith("Could not interpret metric identifier: Auc"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Metrics.get("rmse"));
  }
}
