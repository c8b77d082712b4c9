package org.jkeras.saving;

import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.verbose;
import static org.jkeras.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.file.Path;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jkeras.layers.AveragePooling1D;
import org.jkeras.layers.Conv1D;
import org.jkeras.layers.Conv2D;
import org.jkeras.layers.Conv2DTranspose;
import org.jkeras.layers.Conv3D;
import org.jkeras.layers.Dense;
import org.jkeras.layers.DepthwiseConv2D;
import org.jkeras.layers.Flatten;
import org.jkeras.layers.GlobalAveragePooling1D;
import org.jkeras.layers.GlobalMaxPooling1D;
import org.jkeras.layers.GlobalMaxPooling2D;
import org.jkeras.layers.MaxPooling1D;
import org.jkeras.layers.MaxPooling2D;
import org.jkeras.layers.SeparableConv2D;
import org.jkeras.models.Model;
import org.jkeras.models.Models;
import org.jkeras.models.Sequential;
import org.jkeras.random.Seeds;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * Models made of the convolution and pooling layers of issue 13, trained one epoch, saved and
 * loaded back: {@code Models.loadModel} (the config and the checkpoint) and {@code
 * ServingModel.load} without {@code trusted(true)} (the SavedModel's graph, whose every op must be
 * on {@link SafeOps}'s allow-list) predict exactly what the model predicted before saving.
 */
class ConvLayersSaveLoadTest {

  static Stream<Arguments> models() {
    Supplier<Sequential> images = () -> new Sequential(
        new Conv2D(4, 3).padding("same").groups(2).inputShape(12, 12, 4),
        new DepthwiseConv2D(3).depthMultiplier(2).strides(2).dilationRate(2).padding("same"),
        new SeparableConv2D(6, 3).activation("relu6"),
        new Conv2DTranspose(4, 3).strides(2).outputPadding(1).dilationRate(1),
        new Conv2DTranspose(3, 3).dilationRate(2).dataFormat("channels_first"),
        new MaxPooling2D(2).dataFormat("channels_first"),
        new GlobalMaxPooling2D(),
        new Dense(1));
    Supplier<Sequential> sequences = () -> new Sequential(
        new Conv1D(4, 3).padding("causal").dilationRate(2).inputShape(16, 3),
        new MaxPooling1D(),
        new AveragePooling1D(2).strides(1).padding("same"),
        new Conv1D(6, 3).groups(2).dataFormat("channels_first"),
        new GlobalAveragePooling1D(),
        new Dense(1));
    Supplier<Sequential> volumes = () -> new Sequential(
        new Conv3D(3, 3).padding("same").strides(2).inputShape(6, 6, 6, 2),
        new Conv3D(2, 2).dilationRate(1, 2, 1),
        new Flatten(),
        new Dense(1));
    Supplier<Sequential> globalMax1d = () -> new Sequential(
        new Conv1D(3, 2).inputShape(8, 2),
        new GlobalMaxPooling1D(),
        new Dense(1));
    return Stream.of(Arguments.of("images", images, Shape.of(6, 12, 12, 4)),
        Arguments.of("sequences", sequences, Shape.of(6, 16, 3)),
        Arguments.of("volumes", volumes, Shape.of(6, 6, 6, 6, 2)),
        Arguments.of("global max 1D", globalMax1d, Shape.of(6, 8, 2)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void savedAndLoadedModelsPredictWhatTheModelPredicted(String label, Supplier<Sequential> factory, Shape shape,
      @TempDir Path tmp) throws Exception {
    Seeds.setRandomSeed(3);
    FloatNdArray x = random(shape, new Random(1));
    FloatNdArray y = random(Shape.of(shape.get(0), 1), new Random(2));
    Path dir = tmp.resolve("model");
    FloatNdArray before;
    try (Sequential model = factory.get()) {
      model.compile("sgd", "mean_squared_error");
      model.fit(x, y, epochs(1), verbose(0));
      before = model.predict(x, verbose(0));
      model.save(dir);
    }
    try (Model loaded = Models.loadModel(dir)) {
      assertArrayEquals(flat(before), flat(loaded.predict(x, verbose(0))), label + ": loadModel");
    }
    try (ServingModel served = ServingModel.load(dir)) {
      assertArrayEquals(flat(before), flat(served.predict(x)), label + ": ServingModel without trusted(true)");
    }
  }

  private static FloatNdArray random(Shape shape, Random random) {
    FloatNdArray a = NdArrays.ofFloats(shape);
    a.scalars().forEach(s -> s.setFloat(random.nextFloat()));
    return a;
  }
}
