package org.jkeras.applications;

import org.jkeras.layers.KerasTensor;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Keras's {@code keras.applications.VGG16}: 13 3x3 'same' ReLU convolutions in five blocks
 * ({@code block1_conv1} ... {@code block5_conv3}), each block ending in a 2x2 max pooling
 * ({@code block1_pool} ... {@code block5_pool}); with {@code includeTop}, Flatten and the dense
 * layers {@code fc1}, {@code fc2} (4096, ReLU) and {@code predictions}. Without the top: 14,714,688
 * parameters, and 224x224x3 images give 7x7x512 features. Inputs are images preprocessed by
 * {@link ImagenetUtils#preprocessInput} (BGR, mean-centred, 0..255 scale).
 *
 * <p>The seed (section 4.4), {@code VGG16(weights='imagenet', include_top=False, input_shape=(224, 224, 3))}:
 *
 * <pre>{@code VGG16 base = new VGG16("imagenet", false, 224, 224, 3);}</pre>
 *
 * <p>{@code weights} is one of:
 *
 * <ul>
 *   <li>{@code "imagenet"}: Keras's own ImageNet file ({@link #WEIGHTS_FILE_NO_TOP}), looked for in
 *       {@code models/} and in Keras's cache {@code ~/.keras/models/}; never downloaded;
 *   <li>{@code null} (or {@code "none"}): random initialisation, Keras's {@code weights=None};
 *   <li>the path of a weight file: Keras's legacy {@code .h5} layout (the ImageNet files') or Keras
 *       3's {@code .weights.h5};
 *   <li>the path of a SavedModel folder written by Python Keras ({@code model.export},
 *       {@code tf.saved_model.save}) or by jkeras: its variables are read by name
 *       ({@code block1_conv1/kernel}...).
 * </ul>
 *
 * <p>Weights land in ordinary jkeras layers, so the base can be frozen ({@code setTrainable(false)})
 * or fine-tuned, and exported with the rest of a model. A file that does not fit (another
 * architecture, a truncated file) is refused with an error naming it, before any weight is set.
 */
public class VGG16 extends Application {
  /** Keras's ImageNet weights without the top, as {@code keras.applications} caches them. */
  public static final String WEIGHTS_FILE_NO_TOP = "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5";
  /** Keras's ImageNet weights with the top. */
  public static final String WEIGHTS_FILE = "vgg16_weights_tf_dim_ordering_tf_kernels.h5";
  static final String WEIGHTS_URL_NO_TOP =
      "https://storage.googleapis.com/tensorflow/keras-applications/vgg16/" + WEIGHTS_FILE_NO_TOP;
  static final String WEIGHTS_URL = "https://storage.googleapis.com/tensorflow/keras-applications/vgg16/" + WEIGHTS_FILE;
  /** The md5 sums Keras's {@code get_file} checks. */
  static final String MD5_NO_TOP = "6d6bbae143d832006294945121d1f1fc";
  static final String MD5 = "64373286793e3c8b2b4e3219cbf3544b";

  private static final int[] CONVS = {2, 2, 3, 3, 3};

  /**
   * {@code VGG16(weights=..., include_top=..., input_shape=(h, w, c))}.
   *
   * @param weights "imagenet", null (random), or the path of a weight file or SavedModel folder
   * @param inputShape (height, width, channels), at least 32x32; with {@code includeTop} it may be
   *     left out (224, 224, 3)
   */
  public VGG16(String weights, boolean includeTop, int... inputShape) {
    this(includeTop, weights, null, inputShape.length == 0 ? null : inputShape, null, 1000, "softmax", "vgg16");
  }

  /**
   * {@code VGG16(weights=..., include_top=..., input_tensor=x)}: the network applied to a symbolic
   * tensor, e.g. {@code ImagenetUtils.preprocessInput(inputs)}; the model's input is then that
   * tensor's source ({@code inputs}).
   */
  public VGG16(String weights, boolean includeTop, KerasTensor inputTensor) {
    this(includeTop, weights, inputTensor, null, null, 1000, "softmax", "vgg16");
  }

  /** {@code VGG16(include_top, weights, input_tensor, input_shape, classes, classifier_activation, name)}, no pooling. */
  public VGG16(boolean includeTop, String weights, KerasTensor inputTensor, int[] inputShape, int classes,
      String classifierActivation, String name) {
    this(includeTop, weights, inputTensor, inputShape, null, classes, classifierActivation, name);
  }

  /**
   * Keras's full signature: {@code VGG16(include_top, weights, input_tensor, input_shape, pooling,
   * classes, classifier_activation, name)}; {@code pooling} null, "avg" or "max" (without the top).
   */
  public VGG16(boolean includeTop, String weights, KerasTensor inputTensor, int[] inputShape, String pooling, int classes,
      String classifierActivation, String name) {
    super(VggNetwork.build(CONVS, new ApplicationArgs("VGG16", includeTop, weights, inputTensor, inputShape, pooling, classes,
        classifierActivation, name), new KerasFile(WEIGHTS_FILE, WEIGHTS_URL, MD5),
        new KerasFile(WEIGHTS_FILE_NO_TOP, WEIGHTS_URL_NO_TOP, MD5_NO_TOP)));
  }

  /** Keras's {@code keras.applications.vgg16.preprocess_input} ('caffe' mode) on an array of RGB images. */
  public static FloatNdArray preprocessInput(FloatNdArray x) {
    return ImagenetUtils.preprocessInput(x, "caffe");
  }

  /** The same on a symbolic tensor: {@code x = preprocess_input(inputs)} inside a functional model. */
  public static KerasTensor preprocessInput(KerasTensor x) {
    return ImagenetUtils.preprocessInput(x, "caffe");
  }
}
