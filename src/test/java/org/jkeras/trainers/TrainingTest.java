package org.jkeras.trainers;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.validationData;
import static org.jkeras.Kwargs.validationSplit;
import static org.jkeras.Kwargs.verbose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jkeras.TestUtil;
import org.jkeras.callbacks.History;
import org.jkeras.data.ArrayDataset;
import org.jkeras.data.SyntheticImages;
import org.jkeras.examples.SeedModels;
import org.jkeras.layers.Dense;
import org.jkeras.models.Sequential;
import org.jkeras.random.Seeds;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

class TrainingTest {

  @Test
  void seedCnnLearnsTheSyntheticSetAt64x64() {
    Seeds.setRandomSeed(1);
    SyntheticImages.Images images = SyntheticImages.generate(400, 64, 64, 43);
    ArrayDataset[] parts = images.split(0.2, 32, 1);
    try (Sequential model = SeedModels.createModel(64, 64, 3)) {
      model.compile("adam", "binary_crossentropy", "accuracy");
      History h = model.fit(parts[0], epochs(8), validationData(parts[1]), verbose(0));
      List<Double> acc = h.get("val_accuracy");
      assertEquals(8, acc.size());
      assertTrue(acc.get(acc.size() - 1) >= 0.9, "validation accuracy after 8 epochs: " + acc);
      assertEquals(List.of("accuracy", "loss", "val_accuracy", "val_loss"), List.copyOf(h.history().keySet()));
    }
  }

  @Test
  void validationSplitTakesTheLastSamples() {
    // Labels 0..9: a split of 0.3 trains on 0..6 and validates on 7..9. A model predicting a constant
    // (all-zero kernel and bias, frozen) has val_loss equal to the MSE against labels 7, 8, 9.
    try (Sequential m = new Sequential(new Dense(1).kernelInitializer("zeros").inputShape(1))) {
      m.setTrainable(false);
      m.compile("sgd", "mean_squared_error");
      FloatNdArray x = NdArrays.ofFloats(Shape.of(10, 1));
      FloatNdArray y = NdArrays.ofFloats(Shape.of(10, 1));
      for (int i = 0; i < 10; i++) {
        y.setFloat(i, i, 0);
      }
      History h = m.fit(x, y, epochs(1), batchSize(4), validationSplit(0.3), verbose(0));
      assertEquals((49 + 64 + 81) / 3.0, h.get("val_loss").get(0), 1e-4);
      // training loss: batch-size-weighted mean over samples 0..6 = mean of i^2
      assertEquals((0 + 1 + 4 + 9 + 16 + 25 + 36) / 7.0, h.get("loss").get(0), 1e-4);
    }
  }

  @Test
  void frozenLayersDoNotMoveAndTrainableOnesDo() {
    Seeds.setRandomSeed(3);
    Dense frozen = new Dense(4).activation("relu").inputShape(3);
    Dense head = new Dense(1).activation("sigmoid");
    try (Sequential m = new Sequential(frozen, head)) {
      frozen.setTrainable(false);
      m.compile("adam", "binary_crossentropy", "accuracy");
      float[] before = TestUtil.flat(frozen.getWeights().get(0));
      float[] headBefore = TestUtil.flat(head.getWeights().get(0));
      FloatNdArray x = NdArrays.ofFloats(Shape.of(16, 3));
      FloatNdArray y = NdArrays.ofFloats(Shape.of(16, 1));
      for (int i = 0; i < 16; i++) {
        x.setFloat(i % 3, i, i % 3);
        y.setFloat(i % 2, i, 0);
      }
      m.fit(x, y, epochs(3), batchSize(4), verbose(0));
      assertArrayEquals(before, TestUtil.flat(frozen.getWeights().get(0)));
      assertNotEquals(headBefore[0], TestUtil.flat(head.getWeights().get(0))[0]);
      assertEquals(5, m.trainableWeights().stream().mapToLong(v -> v.size()).sum());
    }
  }

  @Test
  void eachStepLogsTheLossOfTheWeightsBeforeItsUpdate() {
    // Dense(1) from zeros on x = 1, y = 1, MSE, SGD at 0.1, one batch per epoch: the prediction is
    // w + b; each step's gradient is 2 (p - 1) for both, so p goes 0, 0.4, 0.64, 0.784 and the loss
    // logged for the step (from the weights it started with) is (p - 1)^2: 1, 0.36, 0.1296.
    try (Sequential m = new Sequential(new Dense(1).kernelInitializer("zeros").inputShape(1))) {
      m.compile(new org.jkeras.optimizers.SGD(0.1), "mean_squared_error");
      FloatNdArray x = NdArrays.ofFloats(Shape.of(1, 1));
      FloatNdArray y = NdArrays.ofFloats(Shape.of(1, 1));
      x.setFloat(1f, 0, 0);
      y.setFloat(1f, 0, 0);
      History h = m.fit(x, y, epochs(3), batchSize(1), shuffle(false), verbose(0));
      List<Double> loss = h.get("loss");
      assertEquals(1.0, loss.get(0), 1e-6);
      assertEquals(0.36, loss.get(1), 1e-6);
      assertEquals(0.1296, loss.get(2), 1e-6);
      assertEquals(0.784, TestUtil.flat(m.predict(x, verbose(0)))[0], 1e-6);
    }
  }

  @Test
  void epochMetricsAreSampleWeightedMeans() {
    // Frozen constant model: each batch's loss is known; the epoch loss must weight batches by size.
    try (Sequential m = new Sequential(new Dense(1).kernelInitializer("zeros").inputShape(1))) {
      m.setTrainable(false);
      m.compile("sgd", "mean_squared_error");
      FloatNdArray x = NdArrays.ofFloats(Shape.of(5, 1));
      FloatNdArray y = NdArrays.ofFloats(Shape.of(5, 1));
      float[] labels = {1, 1, 1, 1, 10};
      for (int i = 0; i < 5; i++) {
        y.setFloat(labels[i], i, 0);
      }
      History h = m.fit(x, y, epochs(1), batchSize(4), shuffle(false), verbose(0));
      // batches [1,1,1,1] (mean 1) and [10] (mean 100): weighted (4*1 + 1*100)/5, not (1 + 100)/2
      assertEquals(104 / 5.0, h.get("loss").get(0), 1e-4);
    }
  }

  @Test
  void wrongInputShapeNamesExpectedAndReceived() {
    try (Sequential m = SeedModels.createModel(32, 32, 3)) {
      m.compile("adam", "binary_crossentropy", "accuracy");
      FloatNdArray x = NdArrays.ofFloats(Shape.of(2, 16, 16, 3));
      FloatNdArray y = NdArrays.ofFloats(Shape.of(2, 1));
      var e = assertThrows(IllegalArgumentException.class, () -> m.fit(x, y, verbose(0)));
      assertTrue(e.getMessage().contains("expected shape=(None, 32, 32, 3)")
          && e.getMessage().contains("found shape=(None, 16, 16, 3)"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> m.predict(x, verbose(0)));
      assertTrue(e.getMessage().contains("(None, 16, 16, 3)"), e.getMessage());
    }
  }

  @Test
  void fitBeforeCompileIsAClearError() {
    try (Sequential m = new Sequential(new Dense(1).inputShape(2))) {
      var e = assertThrows(IllegalStateException.class,
          () -> m.fit(NdArrays.ofFloats(Shape.of(2, 2)), NdArrays.ofFloats(Shape.of(2, 1)), verbose(0)));
      assertTrue(e.getMessage().contains("compile()"), e.getMessage());
    }
  }
}
