package org.jkeras.applications;

import org.jkeras.layers.KerasTensor;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Keras's {@code keras.applications.VGG19}: VGG16 with four convolutions in blocks 3 to 5 ({@code
 * block1_conv1} ... {@code block5_conv4}, {@code block1_pool} ... {@code block5_pool}); 20,024,384
 * parameters without the top, 143,667,240 with it. Inputs preprocessed in 'caffe' mode ({@link
 * #preprocessInput}). {@code weights}: "imagenet" (Keras's file from the Keras cache, never
 * downloaded), null (random), or the path of a weight file.
 */
public class VGG19 extends Application {
  private static final String BASE = "https://storage.googleapis.com/tensorflow/keras-applications/vgg19/";
  static final KerasFile TOP = KerasFile.of(BASE, "vgg19_weights_tf_dim_ordering_tf_kernels.h5",
      "cbe5617147190e668d6c5d5026f83318");
  static final KerasFile NO_TOP = KerasFile.of(BASE, "vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5",
      "253f8cb515780f3b799900260a226db6");
  private static final int[] CONVS = {2, 2, 4, 4, 4};

  /** {@code VGG19(weights=..., include_top=..., input_shape=(h, w, c))}; at least 32x32, default 224x224x3. */
  public VGG19(String weights, boolean includeTop, int... inputShape) {
    this(includeTop, weights, null, inputShape.length == 0 ? null : inputShape, null, 1000, "softmax", "vgg19");
  }

  /**
   * Keras's signature {@code VGG19(include_top, weights, input_tensor, input_shape, pooling, classes,
   * classifier_activation, name)}; {@code pooling} null, "avg" or "max" (without the top).
   */
  public VGG19(boolean includeTop, String weights, KerasTensor inputTensor, int[] inputShape, String pooling, int classes,
      String classifierActivation, String name) {
    super(VggNetwork.build(CONVS, new ApplicationArgs("VGG19", includeTop, weights, inputTensor, inputShape, pooling, classes,
        classifierActivation, name), TOP, NO_TOP));
  }

  /** Keras's {@code vgg19.preprocess_input}: 'caffe' mode (BGR, ImageNet mean pixel subtracted). */
  public static FloatNdArray preprocessInput(FloatNdArray x) {
    return ImagenetUtils.preprocessInput(x, "caffe");
  }

  /** The same on a symbolic tensor, as a {@link PreprocessInput} layer. */
  public static KerasTensor preprocessInput(KerasTensor x) {
    return ImagenetUtils.preprocessInput(x, "caffe");
  }
}
