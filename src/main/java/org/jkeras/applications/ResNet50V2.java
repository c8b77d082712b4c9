package org.jkeras.applications;

import org.jkeras.layers.KerasTensor;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Keras's {@code keras.applications.ResNet50V2}: ResNet50 with pre-activation blocks ({@code
 * conv2_block1_preact_bn}, {@code _preact_relu}, then 1x1, padded 3x3 ({@code _2_pad}) and 1x1
 * convolutions added to the shortcut as {@code _out}), the stride on the last block of the stacks
 * {@code conv2} to {@code conv4}, {@code post_bn} and {@code post_relu} before the top. 23,564,800
 * parameters without the top, 25,613,800 with it. Inputs preprocessed in 'tf' mode ({@link
 * #preprocessInput}). {@code weights}: "imagenet" (Keras's file from the Keras cache, never
 * downloaded), null (random), or the path of a weight file.
 */
public class ResNet50V2 extends Application {
  private static final String BASE = "https://storage.googleapis.com/tensorflow/keras-applications/resnet/";
  static final KerasFile TOP = KerasFile.of(BASE, "resnet50v2_weights_tf_dim_ordering_tf_kernels.h5", "3ef43a0b657b3be2300d5770ece849e0");
  static final KerasFile NO_TOP = KerasFile.of(BASE, "resnet50v2_weights_tf_dim_ordering_tf_kernels_notop.h5",
      "fac2f116257151a9d068a22e544a4917");

  /** {@code ResNet50V2(weights=..., include_top=..., input_shape=(h, w, c))}; at least 32x32, default 224x224x3. */
  public ResNet50V2(String weights, boolean includeTop, int... inputShape) {
    this(includeTop, weights, null, inputShape.length == 0 ? null : inputShape, null, 1000, "softmax", "resnet50v2");
  }

  /**
   * Keras's signature {@code ResNet50V2(include_top, weights, input_tensor, input_shape, pooling, classes,
   * classifier_activation, name)}; {@code pooling} null, "avg" or "max" (without the top).
   */
  public ResNet50V2(boolean includeTop, String weights, KerasTensor inputTensor, int[] inputShape, String pooling, int classes,
      String classifierActivation, String name) {
    super(ResNetNetwork.build(true, new ApplicationArgs("ResNet50V2", includeTop, weights, inputTensor, inputShape, pooling, classes,
        classifierActivation, name), TOP, NO_TOP));
  }

  /** Keras's {@code resnet_v2.preprocess_input}: 'tf' mode ({@code x / 127.5 - 1}, values in [-1, 1]). */
  public static FloatNdArray preprocessInput(FloatNdArray x) {
    return ImagenetUtils.preprocessInput(x, "tf");
  }

  /** The same on a symbolic tensor, as a {@link PreprocessInput} layer. */
  public static KerasTensor preprocessInput(KerasTensor x) {
    return ImagenetUtils.preprocessInput(x, "tf");
  }
}
