package org.jkeras.layers;

import static org.jkeras.Kwargs.verbose;
import static org.jkeras.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.file.Path;
import java.util.Random;
import org.jkeras.models.Model;
import org.jkeras.models.Models;
import org.jkeras.models.Sequential;
import org.jkeras.random.Seeds;
import org.jkeras.saving.ServingModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * Models made of the reshaping, normalization, activation and core layers of issue 13: {@code
 * save}, then {@code Models.loadModel} (config and weights) and {@code ServingModel.load} (the
 * SavedModel's graph, scanned against the allow-list of ops without {@code trusted}) predict what
 * the model predicted before saving.
 */
class LayersSaveLoadTest {

  @Test
  void imageLayersSurviveSaveAndLoad(@TempDir Path tmp) throws Exception {
    Seeds.setRandomSeed(3);
    roundTrip(tmp.resolve("image"), new Sequential(
        new ZeroPadding2D(1).inputShape(6, 6, 3),
        new Cropping2D(new int[][] {{1, 0}, {0, 1}}),
        new UpSampling2D(2).interpolation("bilinear"),
        new UpSampling2D(1, 2),
        new LayerNormalization().gammaInitializer("random_normal").betaInitializer("random_normal"),
        new GroupNormalization(3).gammaInitializer("random_uniform"),
        new PReLU().sharedAxes(1, 2).alphaInitializer("random_uniform"),
        new SpatialDropout2D(0.3),
        new GaussianNoise(0.1),
        new ReLU(6.0).negativeSlope(0.1).threshold(0.2),
        new Permute(2, 1, 3),
        new Reshape(-1, 6),
        new Softmax(1, 2),
        new UnitNormalization(),
        new Flatten(),
        new Dense(4).activation("gelu")), Shape.of(2, 6, 6, 3), 10f);
  }

  @Test
  void vectorLayersSurviveSaveAndLoad(@TempDir Path tmp) throws Exception {
    Seeds.setRandomSeed(4);
    roundTrip(tmp.resolve("vector"), new Sequential(
        new Embedding(10, 4).inputShape(5),
        new Flatten(),
        new LeakyReLU(),
        new ELU(0.5),
        new Dense(6).activation("mish"),
        new RepeatVector(2),
        new Identity(),
        new GaussianDropout(0.2),
        new ActivityRegularization(0.01, 0.01),
        new Activation("hard_silu"),
        new Activation("log_softmax"),
        new Activation("relu6"),
        new Activation("softsign"),
        new Activation("leaky_relu"),
        new Activation("hard_sigmoid"),
        new Activation("silu")), Shape.of(3, 5), 10f);
  }

  /** Saves {@code model}, reloads it both ways and compares the predictions on inputs in [0, scale). */
  private static void roundTrip(Path dir, Sequential model, Shape xShape, float scale) throws Exception {
    Random random = new Random(9);
    FloatNdArray x = NdArrays.ofFloats(xShape);
    x.scalars().forEach(s -> s.setFloat(random.nextFloat() * scale));
    float[] before;
    try (model) {
      before = flat(model.predict(x, verbose(0)));
      model.save(dir);
    }
    try (Model loaded = Models.loadModel(dir)) {
      assertArrayEquals(before, flat(loaded.predict(x, verbose(0))), "loadModel");
    }
    try (ServingModel served = ServingModel.load(dir)) {
      assertArrayEquals(before, flat(served.predict(x)), 1e-6f, "ServingModel without trusted");
    }
  }
}
