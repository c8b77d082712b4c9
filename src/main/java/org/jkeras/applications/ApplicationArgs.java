package org.jkeras.applications;

import org.jkeras.activations.Activations;
import org.jkeras.backend.Shapes;
import org.jkeras.initializers.Initializer;
import org.jkeras.layers.Dense;
import org.jkeras.layers.GlobalAveragePooling2D;
import org.jkeras.layers.GlobalMaxPooling2D;
import org.jkeras.layers.Input;
import org.jkeras.layers.KerasTensor;

/**
 * The arguments every Keras application takes ({@code include_top, weights, input_tensor,
 * input_shape, pooling, classes, classifier_activation, name}), checked as Keras checks them
 * before anything is built, and the pieces the applications share: the input, the pooling of a
 * model without its top, the {@code predictions} classifier.
 */
final class ApplicationArgs {
  final String model;
  final boolean includeTop;
  final String weights;
  final boolean imagenet;
  final KerasTensor inputTensor;
  final int[] inputShape;
  final String pooling;
  final int classes;
  final String classifierActivation;
  /** The model's name; MobileNetV2 derives its default from alpha and the input size. */
  String name;

  /**
   * @param model the application's Keras name ("ResNet50"), for messages
   * @param weights "imagenet", null (or "none") for random weights, or the path of a weight file
   * @param pooling null, "avg" or "max" (used only without the top)
   */
  ApplicationArgs(String model, boolean includeTop, String weights, KerasTensor inputTensor, int[] inputShape, String pooling,
      int classes, String classifierActivation, String name) {
    this.model = model;
    this.includeTop = includeTop;
    this.weights = PretrainedWeights.normalize(weights);
    PretrainedWeights.checkArgument(this.weights);
    this.imagenet = "imagenet".equals(this.weights);
    if (imagenet && includeTop && classes != 1000) {
      throw new IllegalArgumentException(
          "If using `weights='imagenet'` with `include_top=True`, `classes` should be 1000.  Received classes=" + classes);
    }
    if (classes <= 0) {
      throw new IllegalArgumentException(model + ": `classes` must be a positive number of classes. Received: classes=" + classes);
    }
    if (pooling != null && !pooling.equals("avg") && !pooling.equals("max")) {
      // Keras ignores another value and returns the 4D features; a Java caller gets told.
      throw new IllegalArgumentException(model + ": `pooling` must be None, 'avg' or 'max'. Received: pooling=" + pooling);
    }
    if (inputTensor != null && inputShape != null && !Shapes.sample(inputTensor.shape()).equals(Shapes.of(inputShape))) {
      throw new IllegalArgumentException(model + ": `input_shape` " + ImagenetUtils.format(inputShape) + " does not match the"
          + " shape of `input_tensor` " + Shapes.format(inputTensor.shape()));
    }
    this.inputTensor = inputTensor;
    this.inputShape = inputShape == null ? null : inputShape.clone();
    this.pooling = pooling;
    this.classes = classes;
    this.classifierActivation = classifierActivation;
    this.name = name;
  }

  /** The per-sample shape asked for: {@code input_shape}, or the input tensor's. */
  int[] requestedShape() {
    if (inputTensor == null) {
      return inputShape;
    }
    long[] dims = Shapes.sample(inputTensor.shape()).asArray();
    int[] out = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      out[i] = (int) dims[i];
    }
    return out;
  }

  /** Keras's {@code obtain_input_shape} and {@code Input(shape)}, or the given input tensor. */
  KerasTensor input(int defaultSize, int minSize) {
    int[] shape = ImagenetUtils.obtainInputShape(model, requestedShape(), defaultSize, minSize, includeTop, imagenet);
    return inputTensor != null ? inputTensor : Input.of(shape);
  }

  /** The model's input: the source of {@code input_tensor} (Keras's {@code get_source_inputs}), or {@code img}. */
  KerasTensor modelInput(KerasTensor img) {
    return img.sourceInputs().get(0);
  }

  /** Without the top: {@code pooling} "avg" or "max" (layers named as the application names them; null: automatic). */
  KerasTensor pool(KerasTensor x, String avgName, String maxName) {
    if ("avg".equals(pooling)) {
      GlobalAveragePooling2D p = new GlobalAveragePooling2D();
      return (avgName == null ? p : p.name(avgName)).apply(x);
    }
    if ("max".equals(pooling)) {
      GlobalMaxPooling2D p = new GlobalMaxPooling2D();
      return (maxName == null ? p : p.name(maxName)).apply(x);
    }
    return x;
  }

  /** Keras's {@code validate_activation} and the {@code predictions} Dense layer. */
  KerasTensor classifier(KerasTensor x, Initializer kernelInitializer) {
    if (weights != null && classifierActivation != null && !classifierActivation.equals("softmax")
        && !classifierActivation.equals("linear")) {
      throw new IllegalArgumentException("Only `None` and `softmax` activations are allowed for the `classifier_activation`"
          + " argument when using pretrained weights, with `include_top=True`; Received: classifier_activation="
          + classifierActivation);
    }
    Dense d = new Dense(classes)
        .activation(classifierActivation == null ? Activations.LINEAR : Activations.get(classifierActivation));
    if (kernelInitializer != null) {
      d.kernelInitializer(kernelInitializer);
    }
    return d.name("predictions").apply(x);
  }

  /** The Keras call, for the message when Keras's weight file is missing. */
  String call() {
    return model + "(weights=\"imagenet\", includeTop=" + includeTop + ")";
  }
}
