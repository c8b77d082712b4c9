package org.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jkeras.applications.PreprocessInput;
import org.jkeras.layers.preprocessing.AugMix;
import org.jkeras.layers.preprocessing.AutoContrast;
import org.jkeras.layers.preprocessing.CenterCrop;
import org.jkeras.layers.preprocessing.CutMix;
import org.jkeras.layers.preprocessing.Equalization;
import org.jkeras.layers.preprocessing.MixUp;
import org.jkeras.layers.preprocessing.RandAugment;
import org.jkeras.layers.preprocessing.RandomBrightness;
import org.jkeras.layers.preprocessing.RandomColorDegeneration;
import org.jkeras.layers.preprocessing.RandomColorJitter;
import org.jkeras.layers.preprocessing.RandomContrast;
import org.jkeras.layers.preprocessing.RandomCrop;
import org.jkeras.layers.preprocessing.RandomErasing;
import org.jkeras.layers.preprocessing.RandomFlip;
import org.jkeras.layers.preprocessing.RandomGaussianBlur;
import org.jkeras.layers.preprocessing.RandomGrayscale;
import org.jkeras.layers.preprocessing.RandomHue;
import org.jkeras.layers.preprocessing.RandomInvert;
import org.jkeras.layers.preprocessing.RandomPerspective;
import org.jkeras.layers.preprocessing.RandomPosterization;
import org.jkeras.layers.preprocessing.RandomRotation;
import org.jkeras.layers.preprocessing.RandomSaturation;
import org.jkeras.layers.preprocessing.RandomSharpness;
import org.jkeras.layers.preprocessing.RandomShear;
import org.jkeras.layers.preprocessing.RandomTranslation;
import org.jkeras.layers.preprocessing.RandomZoom;
import org.jkeras.layers.preprocessing.Normalization;
import org.jkeras.layers.preprocessing.Rescaling;
import org.jkeras.layers.preprocessing.Resizing;
import org.jkeras.layers.preprocessing.Solarization;
import org.jkeras.models.Model;
import org.jkeras.regularizers.L2;
import org.jkeras.saving.Serialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link LayerTestHarness} (Keras's {@code run_layer_test}) on every layer class jkeras has; {@link
 * #everyLayerClassHasARow()} fails when a new layer class comes without one.
 *
 * <p>Preprocessing layers, pooling, Flatten, Dropout, Activation and the merge layers have no
 * weights: their training step checks that a training graph (random transformations, dropout on)
 * builds and runs; the merge layers train in a model of their two or more inputs.
 */
class LayersContractTest {

  /** The layer classes the rows below cover (models aside). */
  static final List<Class<? extends Layer>> LAYER_CLASSES = List.of(Dense.class, Conv2D.class, MaxPooling2D.class,
      AveragePooling2D.class, GlobalAveragePooling2D.class, Flatten.class, Dropout.class, Activation.class,
      BatchNormalization.class, InputLayer.class, Add.class, Subtract.class, Multiply.class, Average.class, Maximum.class,
      Minimum.class, Concatenate.class, Dot.class, RandomFlip.class, RandomRotation.class, RandomZoom.class,
      RandomTranslation.class, RandomContrast.class, RandomBrightness.class, RandomCrop.class, Rescaling.class,
      Resizing.class, PreprocessInput.class, Normalization.class,
      // Issue 13, reshaping, normalization, activation and core layers (branch l13-layers).
      Reshape.class, Permute.class, RepeatVector.class, UpSampling2D.class, ZeroPadding2D.class, Cropping2D.class,
      LayerNormalization.class, GroupNormalization.class, UnitNormalization.class, SpatialDropout2D.class,
      GaussianNoise.class, GaussianDropout.class, ActivityRegularization.class, ReLU.class, LeakyReLU.class,
      PReLU.class, ELU.class, Softmax.class, Embedding.class, Identity.class, Lambda.class,
      // Convolution and pooling layers of issue 13.
      Conv1D.class, Conv3D.class, DepthwiseConv2D.class, SeparableConv2D.class, Conv2DTranspose.class,
      MaxPooling1D.class, AveragePooling1D.class, GlobalMaxPooling2D.class, GlobalAveragePooling1D.class,
      GlobalMaxPooling1D.class,
      // Keras 3's image augmentation layers of issue 15 (branch auglayers).
      RandomErasing.class, RandomGaussianBlur.class, RandomGrayscale.class, RandomHue.class, RandomSaturation.class, RandomSharpness.class,
      RandomShear.class, RandomPerspective.class, RandomColorJitter.class, RandomColorDegeneration.class, RandomInvert.class, RandomPosterization.class,
      Solarization.class, AutoContrast.class, Equalization.class, MixUp.class, CutMix.class, RandAugment.class, AugMix.class, CenterCrop.class);

  static Stream<LayerTestHarness> layers() {
    return Stream.of(
        LayerTestHarness.of("Dense", () -> new Dense(3)).input(5).expectOutput(3).expectWeights(2, 0),
        LayerTestHarness.of("Dense on rank 3", () -> new Dense(3).activation("tanh")).input(4, 5).expectOutput(4, 3)
            .expectWeights(2, 0),
        LayerTestHarness.of("Dense without bias, regularized", () -> new Dense(2).useBias(false)
            .kernelRegularizer(new L2(0.01)).activityRegularizer(new L2(0.1))).input(4).expectOutput(2).expectWeights(1, 0),
        LayerTestHarness.of("Dense frozen", () -> {
          Dense d = new Dense(3);
          d.setTrainable(false);
          return d;
        }).input(5).expectOutput(3).expectWeights(0, 2),
        LayerTestHarness.of("Conv2D", () -> new Conv2D(4, 3)).input(8, 8, 3).expectOutput(6, 6, 4).expectWeights(2, 0),
        LayerTestHarness.of("Conv2D same, strides 2", () -> new Conv2D(4, 3).padding("same").strides(2).activation("relu"))
            .input(7, 7, 3).expectOutput(4, 4, 4).expectWeights(2, 0),
        LayerTestHarness.of("Conv2D dilated (2, 3), valid", () -> new Conv2D(3, 3).dilationRate(2, 3))
            .input(9, 11, 2).expectOutput(5, 5, 3).expectWeights(2, 0),
        LayerTestHarness.of("Conv2D dilated 2, same", () -> new Conv2D(3, 3).dilationRate(2).padding("same"))
            .input(8, 8, 2).expectOutput(8, 8, 3).expectWeights(2, 0),
        LayerTestHarness.of("MaxPooling2D", MaxPooling2D::new).input(6, 6, 2).expectOutput(3, 3, 2),
        LayerTestHarness.of("AveragePooling2D same, strides 1", () -> new AveragePooling2D(2).strides(1).padding("same"))
            .input(5, 5, 2).expectOutput(5, 5, 2),
        LayerTestHarness.of("GlobalAveragePooling2D", GlobalAveragePooling2D::new).input(5, 6, 3).expectOutput(3),
        LayerTestHarness.of("GlobalAveragePooling2D keepdims", () -> new GlobalAveragePooling2D().keepdims(true))
            .input(5, 6, 3).expectOutput(1, 1, 3),
        LayerTestHarness.of("Flatten", Flatten::new).input(3, 4, 2).expectOutput(24),
        LayerTestHarness.of("Dropout", () -> new Dropout(0.5, 3L)).input(6).expectOutput(6),
        LayerTestHarness.of("Activation", () -> new Activation("tanh")).input(4).expectOutput(4),
        LayerTestHarness.of("BatchNormalization", BatchNormalization::new).input(6).expectOutput(6).expectWeights(2, 2),
        LayerTestHarness.of("BatchNormalization on feature maps, no center", () -> new BatchNormalization().center(false)
            .momentum(0.9)).input(4, 4, 3).expectOutput(4, 4, 3).expectWeights(1, 2),
        LayerTestHarness.of("Add", Add::new).input(4).input(4).expectOutput(4),
        LayerTestHarness.of("Subtract", Subtract::new).input(4).input(4).expectOutput(4),
        LayerTestHarness.of("Multiply", Multiply::new).input(4).input(4).input(4).expectOutput(4),
        LayerTestHarness.of("Average", Average::new).input(2, 4).input(2, 4).expectOutput(2, 4),
        LayerTestHarness.of("Maximum", Maximum::new).input(4).input(4).expectOutput(4),
        LayerTestHarness.of("Minimum", Minimum::new).input(4).input(4).expectOutput(4),
        LayerTestHarness.of("Concatenate", Concatenate::new).input(3).input(5).expectOutput(8),
        LayerTestHarness.of("Concatenate axis 1", () -> new Concatenate(1)).input(2, 3).input(4, 3).expectOutput(6, 3),
        LayerTestHarness.of("Dot", () -> new Dot(1)).input(4).input(4).expectOutput(1),
        LayerTestHarness.of("Dot normalized", () -> new Dot(new int[] {1, 2}, true)).input(3, 2).input(4, 3)
            .expectOutput(2, 4),
        LayerTestHarness.of("RandomFlip", () -> new RandomFlip().seed(1L)).input(8, 8, 3).expectOutput(8, 8, 3),
        LayerTestHarness.of("RandomRotation", () -> new RandomRotation(0.1).seed(2L)).input(8, 8, 3).expectOutput(8, 8, 3),
        LayerTestHarness.of("RandomZoom", () -> new RandomZoom(0.1).seed(3L)).input(8, 8, 3).expectOutput(8, 8, 3),
        LayerTestHarness.of("RandomTranslation", () -> new RandomTranslation(0.1, 0.2)).input(8, 8, 3)
            .expectOutput(8, 8, 3),
        LayerTestHarness.of("RandomContrast", () -> new RandomContrast(0.2)).input(8, 8, 3).expectOutput(8, 8, 3),
        LayerTestHarness.of("RandomBrightness", () -> new RandomBrightness(0.2)).input(8, 8, 3).expectOutput(8, 8, 3),
        LayerTestHarness.of("RandomCrop", () -> new RandomCrop(4, 5).seed(4L)).input(8, 8, 3).expectOutput(4, 5, 3),
        LayerTestHarness.of("Rescaling", () -> new Rescaling(1 / 255.0, -0.5)).input(8, 8, 3).expectOutput(8, 8, 3),
        LayerTestHarness.of("Resizing", () -> new Resizing(4, 6).cropToAspectRatio(true)).input(8, 8, 3)
            .expectOutput(4, 6, 3),
        LayerTestHarness.of("RandomErasing", () -> new RandomErasing().seed(1L)).input(8, 8, 3)
            .expectOutput(8, 8, 3),
        LayerTestHarness.of("RandomGaussianBlur", () -> new RandomGaussianBlur().kernelSize(3).sigma(0.5, 1.0).seed(2L)).input(8, 8, 3)
            .expectOutput(8, 8, 3),
        LayerTestHarness.of("RandomGrayscale", () -> new RandomGrayscale(0.5).seed(3L)).input(8, 8, 3)
            .expectOutput(8, 8, 3),
        LayerTestHarness.of("RandomHue", () -> new RandomHue(0.3).seed(4L)).input(8, 8, 3)
            .expectOutput(8, 8, 3),
        LayerTestHarness.of("RandomSaturation", () -> new RandomSaturation(0.2, 0.8).seed(5L)).input(8, 8, 3)
            .expectOutput(8, 8, 3),
        LayerTestHarness.of("RandomSharpness", () -> new RandomSharpness(0.5).seed(6L)).input(8, 8, 3)
            .expectOutput(8, 8, 3),
        LayerTestHarness.of("RandomShear", () -> new RandomShear(0.2, 0.1).seed(7L)).input(8, 8, 3)
            .expectOutput(8, 8, 3),
        LayerTestHarness.of("RandomPerspective", () -> new RandomPerspective(0.5).scale(0.4).seed(8L)).input(8, 8, 3)
            .expectOutput(8, 8, 3),
        LayerTestHarness.of("RandomColorJitter", () -> new RandomColorJitter().brightnessFactor(0.2).contrastFactor(0.2).saturationFactor(0.3, 0.7).hueFactor(0.1).seed(9L)).input(8, 8, 3)
            .expectOutput(8, 8, 3),
        LayerTestHarness.of("RandomColorDegeneration", () -> new RandomColorDegeneration(0.5).seed(10L)).input(8, 8, 3)
            .expectOutput(8, 8, 3),
        LayerTestHarness.of("RandomInvert", () -> new RandomInvert().seed(11L)).input(8, 8, 3)
            .expectOutput(8, 8, 3),
        LayerTestHarness.of("RandomPosterization", () -> new RandomPosterization(4).seed(12L)).input(8, 8, 3)
            .expectOutput(8, 8, 3),
        LayerTestHarness.of("Solarization", () -> new Solarization(0.2, 0.5).seed(13L)).input(8, 8, 3)
            .expectOutput(8, 8, 3),
        LayerTestHarness.of("AutoContrast", () -> new AutoContrast()).input(8, 8, 3)
            .expectOutput(8, 8, 3),
        LayerTestHarness.of("Equalization", () -> new Equalization(64)).input(8, 8, 3)
            .expectOutput(8, 8, 3),
        LayerTestHarness.of("MixUp", () -> new MixUp().seed(14L)).input(8, 8, 3)
            .expectOutput(8, 8, 3),
        LayerTestHarness.of("CutMix", () -> new CutMix().seed(15L)).input(8, 8, 3)
            .expectOutput(8, 8, 3),
        LayerTestHarness.of("RandAugment", () -> new RandAugment().seed(16L)).input(8, 8, 3)
            .expectOutput(8, 8, 3),
        LayerTestHarness.of("AugMix", () -> new AugMix().numChains(2).chainDepth(2).seed(17L)).input(8, 8, 3)
            .expectOutput(8, 8, 3),
        LayerTestHarness.of("CenterCrop", () -> new CenterCrop(4, 5)).input(8, 8, 3).expectOutput(4, 5, 3),
        LayerTestHarness.of("CenterCrop channels_first", () -> new CenterCrop(4, 5).dataFormat("channels_first"))
            .input(3, 8, 8).expectOutput(3, 4, 5),
        LayerTestHarness.of("PreprocessInput", PreprocessInput::new).input(8, 8, 3).expectOutput(8, 8, 3),
        LayerTestHarness.of("Normalization adaptable", Normalization::new).input(8, 8, 3).expectOutput(8, 8, 3)
            .expectWeights(0, 3),
        LayerTestHarness.of("Normalization given", () -> new Normalization().meanAndVariance(new double[] {1, 2, 3},
            new double[] {4, 5, 6})).input(8, 8, 3).expectOutput(8, 8, 3),
        LayerTestHarness.of("Dropout noise_shape", () -> new Dropout(0.5, 3L).noiseShape(null, 1, 1, 3)).input(4, 4, 3)
            .expectOutput(4, 4, 3),
        LayerTestHarness.of("Rescaling per channel", () -> new Rescaling(new double[] {1, 2, 3}, 0.5)).input(8, 8, 3)
            .expectOutput(8, 8, 3),
        // Issue 13, reshaping, normalization, activation and core layers (branch l13-layers).
        LayerTestHarness.of("Reshape with -1", () -> new Reshape(-1, 2)).input(3, 4).expectOutput(6, 2),
        LayerTestHarness.of("Reshape", () -> new Reshape(4, 3)).input(2, 6).expectOutput(4, 3),
        LayerTestHarness.of("Permute", () -> new Permute(2, 1)).input(3, 4).expectOutput(4, 3),
        LayerTestHarness.of("RepeatVector", () -> new RepeatVector(3)).input(4).expectOutput(3, 4),
        LayerTestHarness.of("UpSampling2D", UpSampling2D::new).input(3, 4, 2).expectOutput(6, 8, 2),
        LayerTestHarness.of("UpSampling2D (2, 3) bilinear", () -> new UpSampling2D(2, 3).interpolation("bilinear"))
            .input(3, 4, 2).expectOutput(6, 12, 2),
        LayerTestHarness.of("UpSampling2D channels_first", () -> new UpSampling2D(2).dataFormat("channels_first"))
            .input(2, 3, 4).expectOutput(2, 6, 8),
        LayerTestHarness.of("ZeroPadding2D", ZeroPadding2D::new).input(4, 4, 2).expectOutput(6, 6, 2),
        LayerTestHarness.of("ZeroPadding2D ((1, 2), (0, 3))", () -> new ZeroPadding2D(new int[][] {{1, 2}, {0, 3}}))
            .input(4, 4, 2).expectOutput(7, 7, 2),
        LayerTestHarness.of("Cropping2D", () -> new Cropping2D(1)).input(6, 6, 2).expectOutput(4, 4, 2),
        LayerTestHarness.of("Cropping2D ((1, 0), (2, 1)) channels_first", () -> new Cropping2D(new int[][] {{1, 0}, {2, 1}})
            .dataFormat("channels_first")).input(2, 6, 6).expectOutput(2, 5, 3),
        LayerTestHarness.of("LayerNormalization", LayerNormalization::new).input(5).expectOutput(5).expectWeights(2, 0),
        LayerTestHarness.of("LayerNormalization axes (1, 2), no center", () -> new LayerNormalization(1, 2).center(false))
            .input(3, 4, 2).expectOutput(3, 4, 2).expectWeights(1, 0),
        LayerTestHarness.of("LayerNormalization rms_scaling", () -> new LayerNormalization().rmsScaling(true))
            .input(4).expectOutput(4).expectWeights(1, 0),
        LayerTestHarness.of("GroupNormalization 2 groups", () -> new GroupNormalization(2)).input(4, 4, 4)
            .expectOutput(4, 4, 4).expectWeights(2, 0),
        LayerTestHarness.of("GroupNormalization instance (-1), axis 1", () -> new GroupNormalization(-1, 1).scale(false))
            .input(3, 5).expectOutput(3, 5).expectWeights(1, 0),
        LayerTestHarness.of("UnitNormalization", UnitNormalization::new).input(5).expectOutput(5),
        LayerTestHarness.of("UnitNormalization axes (1, 2)", () -> new UnitNormalization(1, 2)).input(3, 4)
            .expectOutput(3, 4),
        LayerTestHarness.of("SpatialDropout2D", () -> new SpatialDropout2D(0.5, 3L)).input(4, 4, 3).expectOutput(4, 4, 3),
        LayerTestHarness.of("GaussianNoise", () -> new GaussianNoise(0.1, 1L)).input(5).expectOutput(5),
        LayerTestHarness.of("GaussianDropout", () -> new GaussianDropout(0.2, 2L)).input(5).expectOutput(5),
        LayerTestHarness.of("ActivityRegularization", () -> new ActivityRegularization(0.01, 0.02)).input(5)
            .expectOutput(5),
        LayerTestHarness.of("ReLU", ReLU::new).input(4).expectOutput(4),
        LayerTestHarness.of("ReLU max 6, slope, threshold", () -> new ReLU(6.0).negativeSlope(0.1).threshold(0.5))
            .input(4).expectOutput(4),
        LayerTestHarness.of("LeakyReLU", () -> new LeakyReLU(0.2)).input(4).expectOutput(4),
        LayerTestHarness.of("PReLU", PReLU::new).input(4).signedInputs().expectOutput(4).expectWeights(1, 0),
        LayerTestHarness.of("PReLU shared axes (1, 2)", () -> new PReLU().sharedAxes(1, 2).alphaInitializer("ones"))
            .input(4, 4, 3).signedInputs().expectOutput(4, 4, 3).expectWeights(1, 0),
        LayerTestHarness.of("ELU", () -> new ELU(0.5)).input(4).signedInputs().expectOutput(4),
        LayerTestHarness.of("Softmax", Softmax::new).input(4).expectOutput(4),
        LayerTestHarness.of("Softmax axes (1, 2)", () -> new Softmax(1, 2)).input(3, 4).expectOutput(3, 4),
        LayerTestHarness.of("Embedding", () -> new Embedding(10, 3)).input(4).expectOutput(4, 3).expectWeights(1, 0),
        LayerTestHarness.of("Identity", Identity::new).input(4).expectOutput(4),
        LayerTestHarness.of("Lambda", () -> new Lambda((tf, x) -> tf.math.square(x))).input(4).expectOutput(4)
            .noConfigRoundTrip("Lambda layers are not serialisable (LambdaTest checks the refusal)"),
        LayerTestHarness.of("Lambda with output shape", () -> new Lambda((tf, x) -> tf.reshape(x, tf.constant(new long[] {-1, 2, 2})))
            .outputShape(2, 2)).input(4).expectOutput(2, 2).noConfigRoundTrip("Lambda layers are not serialisable"),
        // Convolution and pooling layers of issue 13.
        LayerTestHarness.of("Conv1D", () -> new Conv1D(4, 3)).input(10, 3).expectOutput(8, 4).expectWeights(2, 0),
        LayerTestHarness.of("Conv1D causal, dilated 2", () -> new Conv1D(4, 3).padding("causal").dilationRate(2))
            .input(10, 3).expectOutput(10, 4).expectWeights(2, 0),
        LayerTestHarness.of("Conv1D same, strides 2, groups 3", () -> new Conv1D(6, 3).padding("same").strides(2).groups(3))
            .input(9, 3).expectOutput(5, 6).expectWeights(2, 0),
        LayerTestHarness.of("Conv2D groups 2", () -> new Conv2D(4, 3).groups(2)).input(6, 6, 4).expectOutput(4, 4, 4)
            .expectWeights(2, 0),
        LayerTestHarness.of("Conv2D channels_first", () -> new Conv2D(4, 3).dataFormat("channels_first"))
            .input(3, 8, 7).expectOutput(4, 6, 5).expectWeights(2, 0),
        LayerTestHarness.of("Conv3D", () -> new Conv3D(3, 3)).input(5, 5, 5, 2).expectOutput(3, 3, 3, 3).expectWeights(2, 0),
        LayerTestHarness.of("Conv3D same, strides 2", () -> new Conv3D(3, 3).padding("same").strides(2))
            .input(6, 5, 6, 2).expectOutput(3, 3, 3, 3).expectWeights(2, 0),
        LayerTestHarness.of("Conv3D dilated (1, 2, 2)", () -> new Conv3D(3, 3).dilationRate(1, 2, 2))
            .input(6, 6, 6, 2).expectOutput(4, 2, 2, 3).expectWeights(2, 0),
        LayerTestHarness.of("DepthwiseConv2D", () -> new DepthwiseConv2D(3)).input(8, 8, 3).expectOutput(6, 6, 3)
            .expectWeights(2, 0),
        LayerTestHarness.of("DepthwiseConv2D x2, same, strides 2, dilated 2", () -> new DepthwiseConv2D(3).depthMultiplier(2)
            .padding("same").strides(2).dilationRate(2)).input(8, 8, 3).expectOutput(4, 4, 6).expectWeights(2, 0),
        LayerTestHarness.of("DepthwiseConv2D channels_first, dilated 2", () -> new DepthwiseConv2D(3).dilationRate(2)
            .dataFormat("channels_first")).input(3, 9, 9).expectOutput(3, 5, 5).expectWeights(2, 0),
        LayerTestHarness.of("SeparableConv2D", () -> new SeparableConv2D(5, 3)).input(8, 8, 3).expectOutput(6, 6, 5)
            .expectWeights(3, 0),
        LayerTestHarness.of("SeparableConv2D x2, same, strides 2, no bias", () -> new SeparableConv2D(5, 3).depthMultiplier(2)
            .padding("same").strides(2).useBias(false)).input(8, 8, 3).expectOutput(4, 4, 5).expectWeights(2, 0),
        LayerTestHarness.of("Conv2DTranspose", () -> new Conv2DTranspose(4, 3)).input(5, 5, 3).expectOutput(7, 7, 4)
            .expectWeights(2, 0),
        LayerTestHarness.of("Conv2DTranspose same, strides 2", () -> new Conv2DTranspose(4, 3).padding("same").strides(2))
            .input(5, 5, 3).expectOutput(10, 10, 4).expectWeights(2, 0),
        LayerTestHarness.of("Conv2DTranspose strides 2, output_padding 1", () -> new Conv2DTranspose(4, 3).strides(2)
            .outputPadding(1)).input(5, 5, 3).expectOutput(12, 12, 4).expectWeights(2, 0),
        LayerTestHarness.of("Conv2DTranspose dilated 2", () -> new Conv2DTranspose(4, 3).dilationRate(2))
            .input(5, 5, 3).expectOutput(9, 9, 4).expectWeights(2, 0),
        LayerTestHarness.of("Conv2DTranspose channels_first", () -> new Conv2DTranspose(4, 3).strides(2).padding("same")
            .dataFormat("channels_first")).input(3, 5, 6).expectOutput(4, 10, 12).expectWeights(2, 0),
        LayerTestHarness.of("MaxPooling1D", MaxPooling1D::new).input(6, 3).expectOutput(3, 3),
        LayerTestHarness.of("MaxPooling2D channels_first", () -> new MaxPooling2D(2).dataFormat("channels_first"))
            .input(2, 6, 4).expectOutput(2, 3, 2),
        LayerTestHarness.of("AveragePooling1D same, strides 1", () -> new AveragePooling1D(3).strides(1).padding("same"))
            .input(6, 3).expectOutput(6, 3),
        LayerTestHarness.of("GlobalMaxPooling2D", GlobalMaxPooling2D::new).input(5, 6, 3).expectOutput(3),
        LayerTestHarness.of("GlobalMaxPooling2D keepdims", () -> new GlobalMaxPooling2D().keepdims(true)).input(5, 6, 3)
            .expectOutput(1, 1, 3),
        LayerTestHarness.of("GlobalAveragePooling1D", GlobalAveragePooling1D::new).input(5, 3).expectOutput(3),
        LayerTestHarness.of("GlobalMaxPooling1D channels_first, keepdims", () -> new GlobalMaxPooling1D()
            .dataFormat("channels_first").keepdims(true)).input(3, 5).expectOutput(3, 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layers")
  void runLayerTest(LayerTestHarness test) {
    test.run();
  }

  /**
   * InputLayer is not called on tensors (it makes the model's input), so the harness does not fit
   * it: its output shape, no weights, and its config round trip.
   */
  @Test
  void inputLayer() {
    InputLayer in = new InputLayer("pixels", 8, 8, 3);
    assertArrayEquals(new long[] {-1, 8, 8, 3}, in.output().shape().asArray());
    assertEquals(0, in.weights().size());
    Map<String, Object> config = in.getConfig();
    InputLayer back = (InputLayer) Serialization.deserialize(Serialization.serialize(in));
    assertEquals(config, back.getConfig());
    assertArrayEquals(new long[] {-1, 8, 8, 3}, back.output().shape().asArray());
  }

  /** Every concrete public Layer class in jkeras's classes, models aside, is in {@link #LAYER_CLASSES}. */
  @Test
  void everyLayerClassHasARow() throws IOException, URISyntaxException {
    Path root = Path.of(Layer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Set<String> missing = new TreeSet<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class") && !p.toString().contains("$")).toList()) {
        String name = root.relativize(f).toString().replace(f.getFileSystem().getSeparator(), ".").replaceAll("\\.class$", "");
        Class<?> c;
        try {
          c = Class.forName(name, false, Layer.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
          continue;
        }
        boolean concreteLayer = Layer.class.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers())
            && Modifier.isPublic(c.getModifiers()) && !Model.class.isAssignableFrom(c);
        if (concreteLayer && !LAYER_CLASSES.contains(c)) {
          missing.add(c.getName());
        }
      }
    }
    assertTrue(missing.isEmpty(), "Layer classes without a row in LayersContractTest: " + missing);
  }
}
