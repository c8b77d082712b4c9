package org.jkeras.regularizers;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.verbose;
import static org.jkeras.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.jkeras.layers.Dense;
import org.jkeras.models.Sequential;
import org.jkeras.optimizers.SGD;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.StdArrays;

class RegularizedTrainingTest {

  @Test
  void l2KernelRegularizerTrainsAndIsAddedToTheLoss() {
    // Zero input and target: the data loss is 0, so the logged loss is the L2 term alone,
    // 0.5 * (1^2 + 2^2) = 2.5, and SGD's step is lr * d(term)/dw = 0.1 * 2 * 0.5 * w.
    try (Sequential m = new Sequential(
        new Dense(1).useBias(false).kernelRegularizer(Regularizers.l2(0.5)).inputShape(2))) {
      m.compile(new SGD(0.1), "mean_squared_error");
      m.setWeights(List.of(StdArrays.ndCopyOf(new float[][] {{1f}, {2f}})));
      var h = m.fit(StdArrays.ndCopyOf(new float[][] {{0f, 0f}}), StdArrays.ndCopyOf(new float[][] {{0f}}),
          epochs(1), batchSize(1), verbose(0));
      assertEquals(2.5, h.get("loss").get(0), 1e-6);
      assertArrayEquals(new float[] {0.9f, 1.8f}, flat(m.getWeights().get(0)), 1e-6f);
    }
  }
}
