package org.jkeras.applications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.jkeras.backend.Names;
import org.jkeras.backend.Shapes;
import org.jkeras.layers.Layer;
import org.junit.jupiter.api.Test;

/**
 * The applications' Keras names, parameter counts (those of Keras's documentation table, with and
 * without the top) and Keras's refusals of arguments they cannot take. Their summaries and
 * predictions are compared with Keras's by the parity cases application_summaries and
 * application_forward.
 */
class ApplicationsTest {

  private static void counts(Supplier<Application> top, Supplier<Application> noTop, long withTop, long withoutTop,
      List<String> someNames) {
    try (Application t = top.get()) {
      assertEquals(withTop, t.countParams(), t.name() + " with its top");
      assertEquals("(None, 1000)", Shapes.format(t.output().shape()));
      assertEquals("predictions", t.layers().get(t.layers().size() - 1).name());
    }
    Names.clearSession(); // automatic names (max_pooling2d, add_11) start over, as in a fresh Keras session
    try (Application n = noTop.get()) {
      assertEquals(withoutTop, n.countParams(), n.name() + " without its top");
      List<String> names = n.layers().stream().map(Layer::name).toList();
      List<String> missing = someNames.stream().filter(x -> !names.contains(x)).toList();
      assertTrue(missing.isEmpty(), n.name() + " has no layer " + missing);
      assertEquals("Functional", n.className());
    }
  }

  @Test
  void vgg19AndResNets() {
    counts(() -> new VGG19(null, true), () -> new VGG19(null, false, 32, 32, 3), 143_667_240L, 20_024_384L,
        List.of("block5_conv4", "block5_pool"));
    counts(() -> new ResNet50(null, true), () -> new ResNet50(null, false, 32, 32, 3), 25_636_712L, 23_587_712L,
        List.of("conv1_pad", "conv1_conv", "pool1_pool", "conv2_block1_0_conv", "conv2_block1_1_conv", "conv5_block3_out"));
    counts(() -> new ResNet50V2(null, true), () -> new ResNet50V2(null, false, 32, 32, 3), 25_613_800L, 23_564_800L,
        List.of("conv2_block1_preact_bn", "conv4_block6_2_pad", "max_pooling2d", "post_relu"));
  }

  @Test
  void mobileNetV2EfficientNetB0XceptionDenseNet121() {
    counts(() -> new MobileNetV2(null, true), () -> new MobileNetV2(null, false, 32, 32, 3), 3_538_984L, 2_257_984L,
        List.of("Conv1", "bn_Conv1", "expanded_conv_depthwise", "block_1_expand_relu", "block_1_pad", "block_16_project_BN",
            "out_relu"));
    counts(() -> new EfficientNetB0(null, true), () -> new EfficientNetB0(null, false, 32, 32, 3), 5_330_571L, 4_049_571L,
        List.of("rescaling", "normalization", "stem_conv", "block1a_se_squeeze", "block2b_drop", "block7a_project_bn",
            "top_activation"));
    counts(() -> new Xception(null, true), () -> new Xception(null, false, 71, 71, 3), 22_910_480L, 20_861_480L,
        List.of("block1_conv1", "block2_sepconv1", "block13_pool", "block14_sepconv2_act", "add_11"));
    counts(() -> new DenseNet121(null, true), () -> new DenseNet121(null, false, 32, 32, 3), 8_062_504L, 7_037_504L,
        List.of("conv1_conv", "pool1", "conv2_block1_concat", "pool4_pool", "conv5_block16_concat", "relu"));
  }

  @Test
  void poolingAndClassesAsKeras() {
    try (Application avg = new ResNet50(false, null, null, new int[] {32, 32, 3}, "avg", 1000, "softmax", "resnet50")) {
      assertEquals("(None, 2048)", Shapes.format(avg.output().shape()));
      assertEquals("avg_pool", avg.layers().get(avg.layers().size() - 1).name());
    }
    try (Application max = new MobileNetV2(new int[] {32, 32, 3}, 1.0, false, null, null, "max", 1000, "softmax", null)) {
      assertEquals("(None, 1280)", Shapes.format(max.output().shape()));
      assertEquals("mobilenetv2_1.00_32", max.name());
    }
    try (Application five = new DenseNet121(true, null, null, new int[] {64, 64, 3}, null, 5, null, "densenet121")) {
      assertEquals("(None, 5)", Shapes.format(five.output().shape()));
    }
    try (Application half = new MobileNetV2(new int[] {96, 96, 3}, 0.5, false, null, null, null, 1000, "softmax", null)) {
      assertEquals("mobilenetv2_0.50_96", half.name());
      assertEquals(706_224L, half.countParams());
    }
  }

  @Test
  void argumentsKerasRefuses() {
    var e = assertThrows(IllegalArgumentException.class, () -> new Xception(null, false, 70, 80, 3));
    assertEquals("Input size must be at least 71x71; Received: input_shape=(70, 80, 3)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new ResNet50("imagenet", false, 64, 64, 1));
    assertEquals("The input must have 3 channels; Received `input_shape=(64, 64, 1)`", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new EfficientNetB0("imagenet", true, 64, 64, 3));
    assertEquals("When setting `include_top=True` and loading `imagenet` weights, `input_shape` should be (224, 224, 3)."
        + "  Received: input_shape=(64, 64, 3)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new DenseNet121(true, "imagenet", null, null, null, 10, "softmax", "densenet121"));
    assertTrue(e.getMessage().contains("`classes` should be 1000") && e.getMessage().contains("10"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new ResNet50V2(true, "imagenet", null, null, null, 1000, "sigmoid", "resnet50v2"));
    assertTrue(e.getMessage().startsWith("Only `None` and `softmax` activations are allowed") && e.getMessage().contains("sigmoid"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new VGG19(false, null, null, new int[] {32, 32, 3}, "mean", 1000, "softmax", "vgg19"));
    assertTrue(e.getMessage().contains("pooling=mean"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new MobileNetV2(new int[] {96, 96, 3}, 0.6, false, "imagenet", null, null, 1000, "softmax", null));
    assertTrue(e.getMessage().contains("alpha must be one of") && e.getMessage().contains("0.6"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new DenseNet121(null, false));
    assertTrue(e.getMessage().contains("DenseNet121") && e.getMessage().contains("(224, 224, 3)"), e.getMessage());
  }

  @Test
  void imagenetWeightsComeFromKerasFilesNeverDownloaded() {
    // No Keras cache here: the message names the file, where it was looked for, and where Keras gets it.
    var e = assertThrows(UncheckedIOException.class, () -> new ResNet50("imagenet", false, 32, 32, 3));
    String m = e.getMessage();
    assertTrue(m.contains("ResNet50(weights=\"imagenet\", includeTop=false)")
        && m.contains("resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5") && m.contains("4d473c1dd8becc155b73f8504c6f6626")
        && m.contains("https://storage.googleapis.com/tensorflow/keras-applications/resnet/") && m.contains(".keras"), m);
  }

  @Test
  void mobileNetV2SizesAndItsWarning() {
    // 96 is one of MobileNetV2's ImageNet sizes: with the top it is the default size, its own file.
    var top96 = assertThrows(UncheckedIOException.class,
        () -> new MobileNetV2(new int[] {96, 96, 3}, 0.35, true, "imagenet", null, null, 1000, "softmax", null));
    assertTrue(top96.getMessage().contains("mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_96.h5"), top96.getMessage());
    // 100x100 is not: Keras warns and loads the 224 weights.
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    UncheckedIOException mobile;
    try {
      mobile = assertThrows(UncheckedIOException.class, () -> new MobileNetV2("imagenet", false, 100, 100, 3));
    } finally {
      System.setErr(err);
    }
    assertTrue(mobile.getMessage().contains("mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5"),
        mobile.getMessage());
    String warning = captured.toString(StandardCharsets.UTF_8);
    assertTrue(warning.contains("WARNING: `input_shape` is undefined or non-square, or `rows` is not in [96, 128, 160, 192,"
        + " 224]. Weights for input shape (224, 224) will be loaded as the default."), warning);
  }
}
