package org.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jkeras.backend.KerasVariable;
import org.jkeras.backend.Shapes;
import org.jkeras.initializers.Ones;
import org.jkeras.models.Sequential;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

/**
 * What the generic layer test and the parity case (src/parity/cases/conv_layers.py) do not cover
 * in the convolution layers: Keras's refusals, with their messages, the argument names of the
 * depthwise and separable kernels, and their weights in Keras's order.
 */
class ConvLayersTest {

  @Test
  void separableWeightsAreDepthwisePointwiseBiasInKerasOrderAndShapes() {
    SeparableConv2D layer = new SeparableConv2D(5, 3).depthMultiplier(2).name("sep");
    layer.ensureBuilt(Shape.of(-1, 8, 8, 3));
    List<KerasVariable> w = layer.weights();
    assertEquals(List.of("sep/depthwise_kernel", "sep/pointwise_kernel", "sep/bias"),
        w.stream().map(KerasVariable::path).toList());
    assertArrayEquals(new long[] {3, 3, 3, 2}, w.get(0).shape().asArray());
    assertArrayEquals(new long[] {1, 1, 6, 5}, w.get(1).shape().asArray());
    assertArrayEquals(new long[] {5}, w.get(2).shape().asArray());
    IllegalStateException e = assertThrows(IllegalStateException.class, layer::kernel);
    assertTrue(e.getMessage().contains("`depthwise_kernel`, `pointwise_kernel`"), e.getMessage());
  }

  @Test
  void depthwiseKernelArgumentsHaveKerasNamesAndKernelOnesAreRefused() {
    DepthwiseConv2D layer = new DepthwiseConv2D(3).depthMultiplier(2).depthwiseInitializer(new Ones()).name("dw");
    layer.ensureBuilt(Shape.of(-1, 6, 6, 4));
    assertEquals("dw/kernel", layer.kernel().path());
    assertArrayEquals(new long[] {3, 3, 4, 2}, layer.kernel().shape().asArray());
    assertArrayEquals(new long[] {8}, layer.bias().shape().asArray());
    assertTrue(layer.depthwiseInitializer() instanceof Ones);
    assertTrue(layer.getConfig().containsKey("depthwise_initializer"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new DepthwiseConv2D(3).kernelInitializer("ones"));
    assertTrue(e.getMessage().contains("Unrecognized keyword arguments passed to DepthwiseConv2D: kernel_initializer")
        && e.getMessage().contains("depthwise_initializer"), e.getMessage());
  }

  @Test
  void groupsMustDivideFiltersAndInputChannels() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Conv2D(4, 3).groups(3));
    assertTrue(e.getMessage().contains("Received: groups=3, filters=4"), e.getMessage());
    Conv2D conv = new Conv2D(4, 3).groups(2);
    e = assertThrows(IllegalArgumentException.class, () -> conv.apply(Input.of(8, 8, 3)));
    assertTrue(e.getMessage().contains("Received groups=2, but the input has 3 channels"), e.getMessage());
  }

  @Test
  void causalPaddingOnlyForConv1DAndStridesWithDilationOnlyForDepthwise() {
    assertEquals("causal", new Conv1D(2, 3).padding("causal").padding());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Conv2D(2, 3).padding("causal"));
    assertTrue(e.getMessage().contains("Received: padding=causal"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Conv3D(2, 3).strides(2).dilationRate(2));
    assertTrue(e.getMessage().contains("`strides > 1` not supported in conjunction with `dilation_rate > 1`"), e.getMessage());
    assertArrayEquals(new int[] {2, 2}, new DepthwiseConv2D(3).strides(2).dilationRate(2).dilationRate());
    e = assertThrows(IllegalArgumentException.class, () -> new Conv2D(2, 3).dataFormat("channels_middle"));
    assertTrue(e.getMessage().contains("Received: data_format=channels_middle"), e.getMessage());
  }

  @Test
  void transposeOutputPaddingBelowStridesAndOutputSizesTfCanTranspose() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Conv2DTranspose(2, 3).strides(2).outputPadding(2));
    assertTrue(e.getMessage().contains("`output_padding` must be strictly less than `strides`"), e.getMessage());
    // Keras's size for an even kernel, "same" padding and output_padding: 4 * 2 - 2 + 0 + 0 = 6, which a
    // convolution of stride 2 maps to 3, not 4. TF's op has no answer (oneDNN aborts the process): refused.
    Conv2DTranspose odd = new Conv2DTranspose(2, 4).strides(2).padding("same").outputPadding(0);
    e = assertThrows(IllegalArgumentException.class, () -> odd.apply(Input.of(4, 4, 3)));
    assertTrue(e.getMessage().contains("output of size 6") && e.getMessage().contains("not to the input's 4"), e.getMessage());
    assertEquals("(None, 8, 8, 2)", Shapes.format(
        new Conv2DTranspose(2, 4).strides(2).padding("same").apply(Input.of(4, 4, 3)).shape()));
  }

  @Test
  void mobileNetBlockHasKerasParameterCount() {
    // keras.Sequential([Input((32, 32, 3)), DepthwiseConv2D(3, padding="same"), BatchNormalization(),
    //     Activation("relu6"), SeparableConv2D(16, 3, padding="same")]).count_params() == 133
    // (27 + 3 + 12 + 27 + 48 + 16).
    try (Sequential m = new Sequential(new DepthwiseConv2D(3).padding("same").inputShape(32, 32, 3),
        new BatchNormalization(), new Activation("relu6"), new SeparableConv2D(16, 3).padding("same"))) {
      assertEquals(27 + 3 + 12 + 27 + 48 + 16, m.countParams());
    }
  }
}
