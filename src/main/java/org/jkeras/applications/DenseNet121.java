package org.jkeras.applications;

import org.jkeras.layers.Activation;
import org.jkeras.layers.AveragePooling2D;
import org.jkeras.layers.BatchNormalization;
import org.jkeras.layers.Concatenate;
import org.jkeras.layers.Conv2D;
import org.jkeras.layers.GlobalAveragePooling2D;
import org.jkeras.layers.KerasTensor;
import org.jkeras.layers.MaxPooling2D;
import org.jkeras.layers.ZeroPadding2D;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Keras's {@code keras.applications.DenseNet121}: an unnamed zero padding, {@code conv1_conv} (7x7,
 * strides 2), {@code conv1_bn}, {@code conv1_relu}, another unnamed padding, {@code pool1}; dense
 * blocks {@code conv2} to {@code conv5} of 6, 12, 24, 16 conv blocks ({@code conv2_block1_0_bn},
 * {@code _0_relu}, {@code _1_conv} (128 1x1), {@code _1_bn}, {@code _1_relu}, {@code _2_conv} (32
 * 3x3), {@code _concat}), transitions {@code pool2} to {@code pool4} (halving the channels and the
 * size), {@code bn} and {@code relu}. BatchNormalization with epsilon 1.001e-5. 7,037,504
 * parameters without the top, 8,062,504 with it. Inputs preprocessed in 'torch' mode.
 */
public class DenseNet121 extends Application {
  private static final String BASE = "https://storage.googleapis.com/tensorflow/keras-applications/densenet/";
  static final KerasFile TOP = KerasFile.of(BASE, "densenet121_weights_tf_dim_ordering_tf_kernels.h5",
      "9d60b8095a5708f2dcce2bca79d332c7");
  static final KerasFile NO_TOP = KerasFile.of(BASE, "densenet121_weights_tf_dim_ordering_tf_kernels_notop.h5",
      "30ee3e1110167f948a6b9946edeeb738");
  private static final int[] BLOCKS = {6, 12, 24, 16};
  private static final double EPSILON = 1.001e-5;

  /** {@code DenseNet121(weights=..., include_top=..., input_shape=(h, w, c))}; at least 32x32, default 224x224x3. */
  public DenseNet121(String weights, boolean includeTop, int... inputShape) {
    this(includeTop, weights, null, inputShape.length == 0 ? null : inputShape, null, 1000, "softmax", "densenet121");
  }

  /**
   * Keras's signature {@code DenseNet121(include_top, weights, input_tensor, input_shape, pooling,
   * classes, classifier_activation, name)}; {@code pooling} null, "avg" or "max".
   */
  public DenseNet121(boolean includeTop, String weights, KerasTensor inputTensor, int[] inputShape, String pooling,
      int classes, String classifierActivation, String name) {
    super(build(new ApplicationArgs("DenseNet121", includeTop, weights, inputTensor, inputShape, pooling, classes,
        classifierActivation, name)));
  }

  private static BatchNormalization bn(String name) {
    return new BatchNormalization(3).epsilon(EPSILON).name(name);
  }

  private static Graph build(ApplicationArgs a) {
    KerasTensor img = a.input(224, 32);
    KerasTensor x = new ZeroPadding2D(new int[][] {{3, 3}, {3, 3}}).apply(img);
    x = new Conv2D(64, 7).strides(2).useBias(false).name("conv1_conv").apply(x);
    x = bn("conv1_bn").apply(x);
    x = new Activation("relu").name("conv1_relu").apply(x);
    x = new ZeroPadding2D(new int[][] {{1, 1}, {1, 1}}).apply(x);
    x = new MaxPooling2D(3, 3).strides(2).name("pool1").apply(x);
    for (int i = 0; i < BLOCKS.length; i++) {
      for (int j = 1; j <= BLOCKS[i]; j++) {
        x = convBlock(x, 32, "conv" + (i + 2) + "_block" + j);
      }
      if (i < BLOCKS.length - 1) {
        x = transitionBlock(x, 0.5, "pool" + (i + 2));
      }
    }
    x = bn("bn").apply(x);
    x = new Activation("relu").name("relu").apply(x);
    if (a.includeTop) {
      x = new GlobalAveragePooling2D().name("avg_pool").apply(x);
      x = a.classifier(x, null);
    } else {
      x = a.pool(x, "avg_pool", "max_pool");
    }
    return new Graph(a, a.modelInput(img), x, TOP, NO_TOP);
  }

  private static KerasTensor transitionBlock(KerasTensor x, double reduction, String name) {
    x = bn(name + "_bn").apply(x);
    x = new Activation("relu").name(name + "_relu").apply(x);
    x = new Conv2D((int) (x.shape().get(3) * reduction), 1).useBias(false).name(name + "_conv").apply(x);
    return new AveragePooling2D(2, 2).strides(2).name(name + "_pool").apply(x);
  }

  private static KerasTensor convBlock(KerasTensor x, int growthRate, String name) {
    KerasTensor x1 = bn(name + "_0_bn").apply(x);
    x1 = new Activation("relu").name(name + "_0_relu").apply(x1);
    x1 = new Conv2D(4 * growthRate, 1).useBias(false).name(name + "_1_conv").apply(x1);
    x1 = bn(name + "_1_bn").apply(x1);
    x1 = new Activation("relu").name(name + "_1_relu").apply(x1);
    x1 = new Conv2D(growthRate, 3).padding("same").useBias(false).name(name + "_2_conv").apply(x1);
    return new Concatenate(3).name(name + "_concat").apply(x, x1);
  }

  /** Keras's {@code densenet.preprocess_input}: 'torch' mode ({@code x / 255}, ImageNet mean and deviation). */
  public static FloatNdArray preprocessInput(FloatNdArray x) {
    return ImagenetUtils.preprocessInput(x, "torch");
  }

  /** The same on a symbolic tensor, as a {@link PreprocessInput} layer. */
  public static KerasTensor preprocessInput(KerasTensor x) {
    return ImagenetUtils.preprocessInput(x, "torch");
  }
}
