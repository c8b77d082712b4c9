package org.jkeras.applications;

import org.jkeras.activations.Activations;
import org.jkeras.backend.Shapes;
import org.jkeras.layers.Conv2D;
import org.jkeras.layers.Dense;
import org.jkeras.layers.Flatten;
import org.jkeras.layers.Input;
import org.jkeras.layers.KerasTensor;
import org.jkeras.layers.MaxPooling2D;
import org.jkeras.models.Model;
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
public class VGG16 extends Model {
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

  /** The five blocks: (number of convolutions, filters). */
  private static final int[][] BLOCKS = {{2, 64}, {2, 128}, {3, 256}, {3, 512}, {3, 512}};

  private final boolean includeTop;

  /**
   * {@code VGG16(weights=..., include_top=..., input_shape=(h, w, c))}.
   *
   * @param weights "imagenet", null (random), or the path of a weight file or SavedModel folder
   * @param inputShape (height, width, channels), at least 32x32; with {@code includeTop} it may be
   *     left out (224, 224, 3)
   */
  public VGG16(String weights, boolean includeTop, int... inputShape) {
    this(includeTop, weights, null, inputShape.length == 0 ? null : inputShape, 1000, "softmax", "vgg16");
  }

  /**
   * {@code VGG16(weights=..., include_top=..., input_tensor=x)}: the network applied to a symbolic
   * tensor, e.g. {@code ImagenetUtils.preprocessInput(inputs)}; the model's input is then that
   * tensor's source ({@code inputs}).
   */
  public VGG16(String weights, boolean includeTop, KerasTensor inputTensor) {
    this(includeTop, weights, inputTensor, null, 1000, "softmax", "vgg16");
  }

  /** Keras's full signature (without {@code pooling}): {@code VGG16(include_top, weights, input_tensor, input_shape, classes, classifier_activation, name)}. */
  public VGG16(boolean includeTop, String weights, KerasTensor inputTensor, int[] inputShape, int classes,
      String classifierActivation, String name) {
    this(Network.build(includeTop, weights, inputTensor, inputShape, classes, classifierActivation), name, weights, includeTop);
  }

  private VGG16(Network net, String name, String weights, boolean includeTop) {
    super(net.inputs, net.outputs, name);
    this.includeTop = includeTop;
    PretrainedWeights.load(this, PretrainedWeights.normalize(weights), includeTop);
  }

  /** Keras names the class of the model {@code VGG16} returns {@code Functional}. */
  @Override
  public String className() {
    return "Functional";
  }

  public boolean includeTop() {
    return includeTop;
  }

  /** Keras's {@code keras.applications.vgg16.preprocess_input} ('caffe' mode) on an array of RGB images. */
  public static FloatNdArray preprocessInput(FloatNdArray x) {
    return ImagenetUtils.preprocessInput(x);
  }

  /** The same on a symbolic tensor: {@code x = preprocess_input(inputs)} inside a functional model. */
  public static KerasTensor preprocessInput(KerasTensor x) {
    return ImagenetUtils.preprocessInput(x);
  }

  /** The layer graph, built before the model around it. */
  private record Network(KerasTensor inputs, KerasTensor outputs) {
    static Network build(boolean includeTop, String weights, KerasTensor inputTensor, int[] inputShape, int classes,
        String classifierActivation) {
      String w = PretrainedWeights.normalize(weights);
      PretrainedWeights.checkArgument(w);
      boolean imagenet = "imagenet".equals(w);
      if (imagenet && includeTop && classes != 1000) {
        throw new IllegalArgumentException(
            "If using `weights='imagenet'` with `include_top=True`, `classes` should be 1000.  Received classes=" + classes);
      }
      if (includeTop && imagenet && classifierActivation != null && !classifierActivation.equals("softmax")) {
        throw new IllegalArgumentException("Only `None` and `softmax` activations are allowed for the `classifier_activation`"
            + " argument when using pretrained weights, with `include_top=True`; Received: classifier_activation="
            + classifierActivation);
      }
      KerasTensor img;
      if (inputTensor != null) {
        int[] shape = sampleShape(inputTensor);
        ImagenetUtils.obtainInputShape(shape, 224, 32, includeTop, imagenet);
        img = inputTensor;
      } else {
        img = Input.of(ImagenetUtils.obtainInputShape(inputShape, 224, 32, includeTop, imagenet));
      }
      KerasTensor x = img;
      for (int b = 0; b < BLOCKS.length; b++) {
        for (int c = 1; c <= BLOCKS[b][0]; c++) {
          x = new Conv2D(BLOCKS[b][1], 3, 3).activation("relu").padding("same").name("block" + (b + 1) + "_conv" + c).apply(x);
        }
        x = new MaxPooling2D(2, 2).strides(2, 2).name("block" + (b + 1) + "_pool").apply(x);
      }
      if (includeTop) {
        x = new Flatten().name("flatten").apply(x);
        x = new Dense(4096).activation("relu").name("fc1").apply(x);
        x = new Dense(4096).activation("relu").name("fc2").apply(x);
        x = new Dense(classes).activation(classifierActivation == null ? Activations.LINEAR : Activations.get(classifierActivation))
            .name("predictions").apply(x);
      }
      return new Network(img.sourceInputs().get(0), x);
    }

    private static int[] sampleShape(KerasTensor t) {
      long[] dims = Shapes.sample(t.shape()).asArray();
      int[] out = new int[dims.length];
      for (int i = 0; i < dims.length; i++) {
        out[i] = (int) dims[i];
      }
      return out;
    }
  }
}
