package org.jkeras.applications;

import org.jkeras.layers.Activation;
import org.jkeras.layers.Add;
import org.jkeras.layers.BatchNormalization;
import org.jkeras.layers.Conv2D;
import org.jkeras.layers.GlobalAveragePooling2D;
import org.jkeras.layers.KerasTensor;
import org.jkeras.layers.MaxPooling2D;
import org.jkeras.layers.SeparableConv2D;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Keras's {@code keras.applications.Xception}: the entry flow ({@code block1_conv1}, {@code
 * block1_conv2}, then blocks 2 to 4 of separable convolutions {@code blockN_sepconv1/2} with a
 * max pooling {@code blockN_pool} added to a strided 1x1 convolution of the input), the middle flow
 * (blocks 5 to 12, three ReLU + separable convolutions each, added to the input), the exit flow
 * (blocks 13 and 14). The residual convolutions, their batch normalizations and the additions are
 * unnamed in Keras ({@code conv2d}, {@code batch_normalization}, {@code add}...). Input 299x299 by
 * default, at least 71x71. 20,861,480 parameters without the top, 22,910,480 with it. Inputs
 * preprocessed in 'tf' mode.
 */
public class Xception extends Application {
  private static final String BASE = "https://storage.googleapis.com/tensorflow/keras-applications/xception/";
  static final KerasFile TOP = KerasFile.of(BASE, "xception_weights_tf_dim_ordering_tf_kernels.h5",
      "0a58e3b7378bc2990ea3b43d5981f1f6");
  static final KerasFile NO_TOP = KerasFile.of(BASE, "xception_weights_tf_dim_ordering_tf_kernels_notop.h5",
      "b0042744bf5b25fce3cb969f33bebb97");

  /** {@code Xception(weights=..., include_top=..., input_shape=(h, w, c))}; at least 71x71, default 299x299x3. */
  public Xception(String weights, boolean includeTop, int... inputShape) {
    this(includeTop, weights, null, inputShape.length == 0 ? null : inputShape, null, 1000, "softmax", "xception");
  }

  /**
   * Keras's signature {@code Xception(include_top, weights, input_tensor, input_shape, pooling,
   * classes, classifier_activation, name)}; {@code pooling} null, "avg" or "max".
   */
  public Xception(boolean includeTop, String weights, KerasTensor inputTensor, int[] inputShape, String pooling, int classes,
      String classifierActivation, String name) {
    super(build(new ApplicationArgs("Xception", includeTop, weights, inputTensor, inputShape, pooling, classes,
        classifierActivation, name)));
  }

  private static Graph build(ApplicationArgs a) {
    KerasTensor img = a.input(299, 71);
    KerasTensor x = new Conv2D(32, 3, 3).strides(2, 2).useBias(false).name("block1_conv1").apply(img);
    x = new BatchNormalization(-1).name("block1_conv1_bn").apply(x);
    x = new Activation("relu").name("block1_conv1_act").apply(x);
    x = new Conv2D(64, 3, 3).useBias(false).name("block1_conv2").apply(x);
    x = new BatchNormalization(-1).name("block1_conv2_bn").apply(x);
    x = new Activation("relu").name("block1_conv2_act").apply(x);
    x = entryBlock(x, 2, 128, 128, false);
    x = entryBlock(x, 3, 256, 256, true);
    x = entryBlock(x, 4, 728, 728, true);
    for (int i = 0; i < 8; i++) {
      KerasTensor residual = x;
      String prefix = "block" + (i + 5);
      for (int c = 1; c <= 3; c++) {
        x = new Activation("relu").name(prefix + "_sepconv" + c + "_act").apply(x);
        x = sepconv(728, prefix + "_sepconv" + c).apply(x);
        x = new BatchNormalization(-1).name(prefix + "_sepconv" + c + "_bn").apply(x);
      }
      x = new Add().apply(x, residual);
    }
    x = entryBlock(x, 13, 728, 1024, true);
    x = sepconv(1536, "block14_sepconv1").apply(x);
    x = new BatchNormalization(-1).name("block14_sepconv1_bn").apply(x);
    x = new Activation("relu").name("block14_sepconv1_act").apply(x);
    x = sepconv(2048, "block14_sepconv2").apply(x);
    x = new BatchNormalization(-1).name("block14_sepconv2_bn").apply(x);
    x = new Activation("relu").name("block14_sepconv2_act").apply(x);
    if (a.includeTop) {
      x = new GlobalAveragePooling2D().name("avg_pool").apply(x);
      x = a.classifier(x, null);
    } else {
      x = a.pool(x, null, null);
    }
    return new Graph(a, a.modelInput(img), x, TOP, NO_TOP);
  }

  private static SeparableConv2D sepconv(int filters, String name) {
    SeparableConv2D s = new SeparableConv2D(filters, 3, 3).padding("same").useBias(false);
    s.name(name);
    return s;
  }

  /**
   * Blocks 2, 3, 4 and 13: an unnamed strided 1x1 convolution and batch normalization of the input
   * (the residual, built first as in Keras, so that the automatic names follow Keras's), two
   * separable convolutions (the first preceded by a ReLU except in block 2), a 3x3 max pooling
   * with strides 2, the sum.
   */
  private static KerasTensor entryBlock(KerasTensor x, int block, int filters1, int filters2, boolean firstRelu) {
    KerasTensor residual = new Conv2D(filters2, 1, 1).strides(2, 2).padding("same").useBias(false).apply(x);
    residual = new BatchNormalization(-1).apply(residual);
    String prefix = "block" + block + "_sepconv";
    if (firstRelu) {
      x = new Activation("relu").name(prefix + "1_act").apply(x);
    }
    x = sepconv(filters1, prefix + "1").apply(x);
    x = new BatchNormalization(-1).name(prefix + "1_bn").apply(x);
    x = new Activation("relu").name(prefix + "2_act").apply(x);
    x = sepconv(filters2, prefix + "2").apply(x);
    x = new BatchNormalization(-1).name(prefix + "2_bn").apply(x);
    x = new MaxPooling2D(3, 3).strides(2, 2).padding("same").name("block" + block + "_pool").apply(x);
    return new Add().apply(x, residual);
  }

  /** Keras's {@code xception.preprocess_input}: 'tf' mode ({@code x / 127.5 - 1}). */
  public static FloatNdArray preprocessInput(FloatNdArray x) {
    return ImagenetUtils.preprocessInput(x, "tf");
  }

  /** The same on a symbolic tensor, as a {@link PreprocessInput} layer. */
  public static KerasTensor preprocessInput(KerasTensor x) {
    return ImagenetUtils.preprocessInput(x, "tf");
  }
}
