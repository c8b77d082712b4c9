package org.jkeras.applications;

import org.jkeras.layers.KerasTensor;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Keras's {@code keras.applications.ResNet50}: the stem ({@code conv1_pad}, {@code conv1_conv},
 * {@code conv1_bn}, {@code conv1_relu}, {@code pool1_pad}, {@code pool1_pool}), then 3, 4, 6 and 3
 * bottleneck blocks in stacks {@code conv2} to {@code conv5} ({@code conv2_block1_1_conv} ...
 * {@code conv5_block3_out}), each a 1x1, 3x3, 1x1 convolution with batch normalization added to its
 * shortcut ({@code _0_conv} in the first block of a stack); {@code avg_pool} and {@code
 * predictions} on top. 23,587,712 parameters without the top, 25,636,712 with it. Inputs
 * preprocessed in 'caffe' mode ({@link #preprocessInput}). {@code weights}: "imagenet" (Keras's
 * file from the Keras cache, never downloaded), null (random), or the path of a weight file.
 */
public class ResNet50 extends Application {
  private static final String BASE = "https://storage.googleapis.com/tensorflow/keras-applications/resnet/";
  static final KerasFile TOP = KerasFile.of(BASE, "resnet50_weights_tf_dim_ordering_tf_kernels.h5", "2cb95161c43110f7111970584f804107");
  static final KerasFile NO_TOP = KerasFile.of(BASE, "resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5",
      "4d473c1dd8becc155b73f8504c6f6626");

  /** {@code ResNet50(weights=..., include_top=..., input_shape=(h, w, c))}; at least 32x32, default 224x224x3. */
  public ResNet50(String weights, boolean includeTop, int... inputShape) {
    this(includeTop, weights, null, inputShape.length == 0 ? null : inputShape, null, 1000, "softmax", "resnet50");
  }

  /**
   * Keras's signature {@code ResNet50(include_top, weights, input_tensor, input_shape, pooling, classes,
   * classifier_activation, name)}; {@code pooling} null, "avg" or "max" (without the top).
   */
  public ResNet50(boolean includeTop, String weights, KerasTensor inputTensor, int[] inputShape, String pooling, int classes,
      String classifierActivation, String name) {
    super(ResNetNetwork.build(false, new ApplicationArgs("ResNet50", includeTop, weights, inputTensor, inputShape, pooling, classes,
        classifierActivation, name), TOP, NO_TOP));
  }

  /** Keras's {@code resnet50.preprocess_input}: 'caffe' mode (RGB to BGR, the ImageNet mean pixel subtracted, no scaling). */
  public static FloatNdArray preprocessInput(FloatNdArray x) {
    return ImagenetUtils.preprocessInput(x, "caffe");
  }

  /** The same on a symbolic tensor, as a {@link PreprocessInput} layer. */
  public static KerasTensor preprocessInput(KerasTensor x) {
    return ImagenetUtils.preprocessInput(x, "caffe");
  }
}
