package org.jkeras.applications;

import org.jkeras.initializers.VarianceScaling;
import org.jkeras.layers.Activation;
import org.jkeras.layers.Add;
import org.jkeras.layers.BatchNormalization;
import org.jkeras.layers.Conv2D;
import org.jkeras.layers.DepthwiseConv2D;
import org.jkeras.layers.Dropout;
import org.jkeras.layers.GlobalAveragePooling2D;
import org.jkeras.layers.KerasTensor;
import org.jkeras.layers.Multiply;
import org.jkeras.layers.Reshape;
import org.jkeras.layers.ZeroPadding2D;
import org.jkeras.layers.preprocessing.Normalization;
import org.jkeras.layers.preprocessing.Rescaling;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Keras's {@code keras.applications.EfficientNetB0}. The input preprocessing is inside the model
 * (its {@link #preprocessInput} is a pass-through, as Keras's): {@code Rescaling(1/255)}, a
 * {@code Normalization} whose mean and variance are weights (ImageNet's, from Keras's file), and
 * with ImageNet weights a second {@code Rescaling} by {@code 1/sqrt(std)} per channel (Keras's
 * correction of its variance). Then the stem ({@code stem_conv_pad}, {@code stem_conv}, {@code
 * stem_bn}, {@code stem_activation}, swish), 16 MBConv blocks {@code block1a_} ... {@code block7a_}
 * (expansion {@code expand_conv}, depthwise {@code dwconv}, squeeze-and-excitation {@code
 * se_squeeze}, {@code se_reshape}, {@code se_reduce}, {@code se_expand}, {@code se_excite}, {@code
 * project_conv}; where a block keeps its shape, drop-connect {@code drop}, a Dropout with {@code
 * noise_shape=(None, 1, 1, 1)} at a rate growing to 0.2, and {@code add}), {@code top_conv},
 * {@code top_bn}, {@code top_activation}; the top is {@code avg_pool}, {@code top_dropout} (0.2)
 * and {@code predictions}. 4,049,571 parameters without the top, 5,330,571 with it.
 */
public class EfficientNetB0 extends Application {
  private static final String BASE = "https://storage.googleapis.com/keras-applications/";
  static final KerasFile TOP = KerasFile.of(BASE, "efficientnetb0.h5", "902e53a9f72be733fc0bcb005b3ebbac");
  static final KerasFile NO_TOP = KerasFile.of(BASE, "efficientnetb0_notop.h5", "50bc09e76180e00e4465e1a485ddc09d");
  private static final double[] IMAGENET_STDDEV_RGB = {0.229, 0.224, 0.225};
  private static final double DROPOUT_RATE = 0.2;
  private static final double DROP_CONNECT_RATE = 0.2;
  /** Keras's DEFAULT_BLOCKS_ARGS: (kernel, repeats, filters in, filters out, expand ratio, strides); se_ratio 0.25. */
  private static final int[][] BLOCKS = {{3, 1, 32, 16, 1, 1}, {3, 2, 16, 24, 6, 2}, {5, 2, 24, 40, 6, 2},
      {3, 3, 40, 80, 6, 2}, {5, 3, 80, 112, 6, 1}, {5, 4, 112, 192, 6, 2}, {3, 1, 192, 320, 6, 1}};
  private static final double SE_RATIO = 0.25;

  /** {@code EfficientNetB0(weights=..., include_top=..., input_shape=(h, w, c))}; at least 32x32, default 224x224x3. */
  public EfficientNetB0(String weights, boolean includeTop, int... inputShape) {
    this(includeTop, weights, null, inputShape.length == 0 ? null : inputShape, null, 1000, "softmax", "efficientnetb0");
  }

  /**
   * Keras's signature {@code EfficientNetB0(include_top, weights, input_tensor, input_shape,
   * pooling, classes, classifier_activation, name)}; {@code pooling} null, "avg" or "max".
   */
  public EfficientNetB0(boolean includeTop, String weights, KerasTensor inputTensor, int[] inputShape, String pooling,
      int classes, String classifierActivation, String name) {
    super(build(new ApplicationArgs("EfficientNetB0", includeTop, weights, inputTensor, inputShape, pooling, classes,
        classifierActivation, name)));
  }

  /** Keras's CONV_KERNEL_INITIALIZER: VarianceScaling(2.0, fan_out, truncated_normal). */
  private static VarianceScaling convInit() {
    return new VarianceScaling(2.0, "fan_out", "truncated_normal", null);
  }

  private static Graph build(ApplicationArgs a) {
    KerasTensor img = a.input(224, 32);
    KerasTensor x = new Rescaling(1.0 / 255.0).apply(img);
    x = new Normalization().axis(3).apply(x);
    if (a.imagenet) {
      double[] s = new double[3];
      for (int i = 0; i < 3; i++) {
        s[i] = 1.0 / Math.sqrt(IMAGENET_STDDEV_RGB[i]);
      }
      x = new Rescaling(s, 0.0).apply(x);
    }
    x = new ZeroPadding2D(ImagenetUtils.correctPad(x.shape(), 3)).name("stem_conv_pad").apply(x);
    x = new Conv2D(32, 3).strides(2).padding("valid").useBias(false).kernelInitializer(convInit()).name("stem_conv").apply(x);
    x = new BatchNormalization(3).name("stem_bn").apply(x);
    x = new Activation("swish").name("stem_activation").apply(x);
    int total = 0;
    for (int[] args : BLOCKS) {
      total += args[1];
    }
    int b = 0;
    for (int i = 0; i < BLOCKS.length; i++) {
      int[] args = BLOCKS[i];
      for (int j = 0; j < args[1]; j++) {
        int filtersIn = j > 0 ? args[3] : args[2];
        int strides = j > 0 ? 1 : args[5];
        String name = "block" + (i + 1) + (char) ('a' + j) + "_";
        x = block(x, DROP_CONNECT_RATE * b / total, name, filtersIn, args[3], args[0], strides, args[4]);
        b++;
      }
    }
    x = new Conv2D(1280, 1).padding("same").useBias(false).kernelInitializer(convInit()).name("top_conv").apply(x);
    x = new BatchNormalization(3).name("top_bn").apply(x);
    x = new Activation("swish").name("top_activation").apply(x);
    if (a.includeTop) {
      x = new GlobalAveragePooling2D().name("avg_pool").apply(x);
      x = new Dropout(DROPOUT_RATE).name("top_dropout").apply(x);
      x = a.classifier(x, new VarianceScaling(1.0 / 3.0, "fan_out", "uniform", null));
    } else {
      x = a.pool(x, "avg_pool", "max_pool");
    }
    return new Graph(a, a.modelInput(img), x, TOP, NO_TOP);
  }

  /** Keras's {@code block}: an inverted residual block with squeeze-and-excitation. */
  private static KerasTensor block(KerasTensor inputs, double dropRate, String name, int filtersIn, int filtersOut,
      int kernel, int strides, int expandRatio) {
    int filters = filtersIn * expandRatio;
    KerasTensor x = inputs;
    if (expandRatio != 1) {
      x = new Conv2D(filters, 1).padding("same").useBias(false).kernelInitializer(convInit()).name(name + "expand_conv")
          .apply(x);
      x = new BatchNormalization(3).name(name + "expand_bn").apply(x);
      x = new Activation("swish").name(name + "expand_activation").apply(x);
    }
    String pad = "same";
    if (strides == 2) {
      x = new ZeroPadding2D(ImagenetUtils.correctPad(x.shape(), kernel)).name(name + "dwconv_pad").apply(x);
      pad = "valid";
    }
    x = new DepthwiseConv2D(kernel).strides(strides).padding(pad).useBias(false).depthwiseInitializer(convInit())
        .name(name + "dwconv").apply(x);
    x = new BatchNormalization(3).name(name + "bn").apply(x);
    x = new Activation("swish").name(name + "activation").apply(x);
    int filtersSe = Math.max(1, (int) (filtersIn * SE_RATIO));
    KerasTensor se = new GlobalAveragePooling2D().name(name + "se_squeeze").apply(x);
    se = new Reshape(1, 1, filters).name(name + "se_reshape").apply(se);
    se = new Conv2D(filtersSe, 1).padding("same").activation("swish").kernelInitializer(convInit()).name(name + "se_reduce")
        .apply(se);
    se = new Conv2D(filters, 1).padding("same").activation("sigmoid").kernelInitializer(convInit()).name(name + "se_expand")
        .apply(se);
    x = new Multiply().name(name + "se_excite").apply(x, se);
    x = new Conv2D(filtersOut, 1).padding("same").useBias(false).kernelInitializer(convInit()).name(name + "project_conv")
        .apply(x);
    x = new BatchNormalization(3).name(name + "project_bn").apply(x);
    if (strides == 1 && filtersIn == filtersOut) {
      if (dropRate > 0) {
        x = new Dropout(dropRate).noiseShape(null, 1, 1, 1).name(name + "drop").apply(x);
      }
      x = new Add().name(name + "add").apply(x, inputs);
    }
    return x;
  }

  /**
   * Keras's {@code efficientnet.preprocess_input}: a pass-through, the preprocessing being in the
   * model (it takes 0..255 pixels). Returns {@code x} itself.
   */
  public static FloatNdArray preprocessInput(FloatNdArray x) {
    return x;
  }

  /** The same on a symbolic tensor: {@code x} itself. */
  public static KerasTensor preprocessInput(KerasTensor x) {
    return x;
  }
}
