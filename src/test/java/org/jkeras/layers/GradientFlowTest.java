package org.jkeras.layers;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;
import static org.jkeras.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jkeras.layers.preprocessing.AugMix;
import org.jkeras.layers.preprocessing.AutoContrast;
import org.jkeras.layers.preprocessing.CenterCrop;
import org.jkeras.layers.preprocessing.CutMix;
import org.jkeras.layers.preprocessing.MixUp;
import org.jkeras.layers.preprocessing.RandomBrightness;
import org.jkeras.layers.preprocessing.RandomColorDegeneration;
import org.jkeras.layers.preprocessing.RandomColorJitter;
import org.jkeras.layers.preprocessing.RandomContrast;
import org.jkeras.layers.preprocessing.RandomCrop;
import org.jkeras.layers.preprocessing.RandomErasing;
import org.jkeras.layers.preprocessing.RandomFlip;
import org.jkeras.layers.preprocessing.RandomGaussianBlur;
import org.jkeras.layers.preprocessing.RandomGrayscale;
import org.jkeras.layers.preprocessing.RandomInvert;
import org.jkeras.layers.preprocessing.RandomPerspective;
import org.jkeras.layers.preprocessing.RandomRotation;
import org.jkeras.layers.preprocessing.RandomSharpness;
import org.jkeras.layers.preprocessing.RandomShear;
import org.jkeras.layers.preprocessing.RandomTranslation;
import org.jkeras.layers.preprocessing.RandomZoom;
import org.jkeras.layers.preprocessing.Rescaling;
import org.jkeras.layers.preprocessing.Resizing;
import org.jkeras.layers.preprocessing.Solarization;
import org.jkeras.models.Sequential;
import org.jkeras.optimizers.SGD;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * The layers without weights pass the gradient back to the layer before them: a Conv2D, then the
 * layer, then a Dense head; one SGD step must move the Conv2D's kernel. (The contract test trains
 * a model of the layer alone, so it never asks a weightless layer for its input gradient; TF's C++
 * gradients are picky, e.g. Slice's wants int32 begin and size.)
 */
class GradientFlowTest {

  static Stream<Named<Supplier<Layer>>> layers() {
    return Stream.of(
        Named.of("Reshape", () -> new Reshape(-1, 4)),
        Named.of("Permute", () -> new Permute(3, 1, 2)),
        Named.of("UpSampling2D nearest", () -> new UpSampling2D(2, 3)),
        Named.of("UpSampling2D bilinear", () -> new UpSampling2D(2).interpolation("bilinear")),
        Named.of("UpSampling2D bicubic", () -> new UpSampling2D(2).interpolation("bicubic")),
        Named.of("ZeroPadding2D", () -> new ZeroPadding2D(new int[][] {{1, 0}, {2, 1}})),
        Named.of("Cropping2D", () -> new Cropping2D(new int[][] {{1, 0}, {0, 1}})),
        Named.of("UnitNormalization", () -> new UnitNormalization(1, 2)),
        Named.of("SpatialDropout2D", () -> new SpatialDropout2D(0.2, 1L)),
        Named.of("GaussianNoise", () -> new GaussianNoise(0.1, 1L)),
        Named.of("GaussianDropout", () -> new GaussianDropout(0.1, 1L)),
        Named.of("ActivityRegularization", () -> new ActivityRegularization(0.01, 0.01)),
        Named.of("ReLU max 6, slope, threshold", () -> new ReLU(6.0).negativeSlope(0.1).threshold(0.1)),
        Named.of("ReLU max 0.5", () -> new ReLU(0.5)),
        Named.of("LeakyReLU", LeakyReLU::new),
        Named.of("ELU", () -> new ELU(0.5)),
        Named.of("Softmax axes (1, 2)", () -> new Softmax(1, 2)),
        Named.of("Softmax axis 1", () -> new Softmax(1)),
        Named.of("Identity", Identity::new),
        Named.of("Lambda", () -> new Lambda((tf, x) -> tf.math.square(x))),
        Named.of("Activation gelu", () -> new Activation("gelu")),
        Named.of("Activation mish", () -> new Activation("mish")),
        Named.of("Activation log_softmax", () -> new Activation("log_softmax")),
        // Keras's image preprocessing layers, placed after a trained layer (their random draws have no gradient).
        Named.of("RandomFlip", () -> new RandomFlip().seed(1L)),
        Named.of("RandomRotation", () -> new RandomRotation(0.2).seed(1L)),
        Named.of("RandomZoom", () -> new RandomZoom(0.2).seed(1L)),
        Named.of("RandomTranslation", () -> new RandomTranslation(0.2, 0.2).seed(1L)),
        Named.of("RandomContrast", () -> new RandomContrast(0.2).seed(1L)),
        Named.of("RandomBrightness", () -> new RandomBrightness(0.2).seed(1L)),
        Named.of("RandomCrop", () -> new RandomCrop(3, 3).seed(1L)),
        // Issue 15's augmentation layers whose output depends on the input differentiably (as in Keras).
        // Not here: RandomPosterization and Equalization (integer casts: Keras's gradient is zero too),
        // RandomHue and RandomSaturation (TF has no C++ gradient for RGBToHSV/HSVToRGB; jkeras stops it),
        // RandAugment (its step may draw only those). AugmentationLayersTest trains behind each of them.
        Named.of("RandomErasing", () -> new RandomErasing().seed(1L)),
        Named.of("RandomGaussianBlur", () -> new RandomGaussianBlur().seed(1L)),
        Named.of("RandomGrayscale", () -> new RandomGrayscale(1.0).seed(1L)),
        Named.of("RandomSharpness", () -> new RandomSharpness(0.8).seed(1L)),
        Named.of("RandomShear", () -> new RandomShear(0.2, 0.2).seed(1L)),
        Named.of("RandomPerspective", () -> new RandomPerspective().seed(1L)),
        Named.of("RandomColorJitter brightness contrast", () -> new RandomColorJitter().brightnessFactor(0.2)
            .contrastFactor(0.3).seed(1L)),
        Named.of("RandomColorDegeneration", () -> new RandomColorDegeneration(0.5).seed(1L)),
        Named.of("RandomInvert", () -> new RandomInvert().seed(1L)),
        Named.of("Solarization", () -> new Solarization(0.2, 0.5).seed(1L)),
        Named.of("AutoContrast", AutoContrast::new),
        Named.of("MixUp", () -> new MixUp().seed(1L)),
        Named.of("CutMix", () -> new CutMix().seed(1L)),
        Named.of("AugMix", () -> new AugMix().numChains(2).chainDepth(2).seed(1L)),
        Named.of("CenterCrop", () -> new CenterCrop(3, 3)),
        Named.of("Rescaling", () -> new Rescaling(0.5, 0.1)),
        Named.of("Resizing", () -> new Resizing(6, 6)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layers")
  void oneStepMovesTheLayerBefore(Supplier<Layer> factory) {
    Random random = new Random(3);
    FloatNdArray x = NdArrays.ofFloats(Shape.of(4, 4, 4, 2));
    x.scalars().forEach(s -> s.setFloat(random.nextFloat() - 0.5f));
    FloatNdArray y = NdArrays.ofFloats(Shape.of(4, 1));
    y.scalars().forEach(s -> s.setFloat(random.nextFloat()));
    Conv2D conv = new Conv2D(3, 3).padding("same");
    try (Sequential model = new Sequential(conv.inputShape(4, 4, 2), factory.get(), new Flatten(), new Dense(1))) {
      float[] before = flat(conv.kernel().getValue());
      model.compile(new SGD(0.1), "mean_squared_error");
      model.fit(x, y, batchSize(4), epochs(1), shuffle(false), verbose(0));
      assertFalse(Arrays.equals(before, flat(conv.kernel().getValue())), "the Conv2D kernel did not move");
    }
  }
}
