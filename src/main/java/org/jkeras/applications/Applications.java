package org.jkeras.applications;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.layers.KerasTensor;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * The applications by their module name in {@code keras.applications} ({@code resnet50}, {@code
 * resnet50_v2}, {@code mobilenet_v2}...), for callers that pick one at run time (the command
 * line's {@code --base}), with the {@code preprocess_input} mode each expects.
 */
public final class Applications {
  /** Builds one application: {@code (includeTop, weights, inputTensor, inputShape, pooling, classes, classifierActivation)}. */
  @FunctionalInterface
  interface Factory {
    Application create(boolean includeTop, String weights, KerasTensor inputTensor, int[] inputShape, String pooling,
        int classes, String classifierActivation);
  }

  private record Entry(String kerasName, String mode, int minSize, Factory factory) {}

  private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

  static {
    ENTRIES.put("vgg16", new Entry("VGG16", "caffe", 32,
        (t, w, it, s, p, c, a) -> new VGG16(t, w, it, s, p, c, a, "vgg16")));
    ENTRIES.put("vgg19", new Entry("VGG19", "caffe", 32,
        (t, w, it, s, p, c, a) -> new VGG19(t, w, it, s, p, c, a, "vgg19")));
    ENTRIES.put("resnet50", new Entry("ResNet50", "caffe", 32,
        (t, w, it, s, p, c, a) -> new ResNet50(t, w, it, s, p, c, a, "resnet50")));
    ENTRIES.put("resnet50_v2", new Entry("ResNet50V2", "tf", 32,
        (t, w, it, s, p, c, a) -> new ResNet50V2(t, w, it, s, p, c, a, "resnet50v2")));
    ENTRIES.put("mobilenet_v2", new Entry("MobileNetV2", "tf", 32,
        (t, w, it, s, p, c, a) -> new MobileNetV2(s, 1.0, t, w, it, p, c, a, null)));
    ENTRIES.put("efficientnet_b0", new Entry("EfficientNetB0", "none", 32,
        (t, w, it, s, p, c, a) -> new EfficientNetB0(t, w, it, s, p, c, a, "efficientnetb0")));
    ENTRIES.put("xception", new Entry("Xception", "tf", 71,
        (t, w, it, s, p, c, a) -> new Xception(t, w, it, s, p, c, a, "xception")));
    ENTRIES.put("densenet121", new Entry("DenseNet121", "torch", 32,
        (t, w, it, s, p, c, a) -> new DenseNet121(t, w, it, s, p, c, a, "densenet121")));
  }

  private Applications() {}

  /** The names {@link #create} takes, in the order of {@code --base}'s help. */
  public static List<String> names() {
    return List.copyOf(ENTRIES.keySet());
  }

  /** The Keras function of {@code name} ("ResNet50" for "resnet50"). */
  public static String kerasName(String name) {
    return entry(name).kerasName();
  }

  /** The {@code preprocess_input} mode of {@code name}: "caffe", "tf", "torch", or "none" (EfficientNet's pass-through). */
  public static String preprocessMode(String name) {
    return entry(name).mode();
  }

  /** The smallest input {@code name} takes (Keras's {@code min_size}). */
  public static int minSize(String name) {
    return entry(name).minSize();
  }

  /**
   * {@code keras.applications.<Name>(include_top, weights, input_tensor, input_shape, pooling,
   * classes, classifier_activation)} with the application's default name and options.
   */
  public static Application create(String name, boolean includeTop, String weights, KerasTensor inputTensor,
      int[] inputShape, String pooling, int classes, String classifierActivation) {
    return entry(name).factory().create(includeTop, weights, inputTensor, inputShape, pooling, classes, classifierActivation);
  }

  /**
   * {@code keras.applications.<module>.preprocess_input(x)} of {@code name} on channels-last RGB
   * images in 0..255: a new array, or {@code x} itself for EfficientNet (its preprocessing is in the model).
   */
  public static FloatNdArray preprocessInput(String name, FloatNdArray x) {
    String mode = preprocessMode(name);
    return mode.equals("none") ? EfficientNetB0.preprocessInput(x) : ImagenetUtils.preprocessInput(x, mode);
  }

  private static Entry entry(String name) {
    Entry e = ENTRIES.get(name);
    if (e == null) {
      throw new IllegalArgumentException("Unknown application: " + name + ". Expected one of " + names());
    }
    return e;
  }
}
