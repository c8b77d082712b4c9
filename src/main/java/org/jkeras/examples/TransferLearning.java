package org.jkeras.examples;

import java.util.ArrayList;
import java.util.List;
import org.jkeras.applications.Application;
import org.jkeras.applications.Applications;
import org.jkeras.applications.ImagenetUtils;
import org.jkeras.applications.VGG16;
import org.jkeras.layers.Dense;
import org.jkeras.layers.Dropout;
import org.jkeras.layers.Flatten;
import org.jkeras.layers.Input;
import org.jkeras.layers.KerasTensor;
import org.jkeras.layers.Layer;
import org.jkeras.models.Model;

/**
 * Section 4.4 of the seed, knowledge transfer with VGG16, line for line:
 *
 * <pre>
 * def create_model():
 *     base_model = VGG16(weights='imagenet', include_top=False, input_shape=(224, 224, 3))
 *     x = base_model.output
 *     x = Flatten()(x)
 *     x = Dense(512, activation='relu')(x)
 *     x = Dropout(0.5)(x)
 *     x = Dense(1, activation='sigmoid')(x)
 *     model = Model(inputs=base_model.input, outputs=x)
 *     return model
 * </pre>
 *
 * The seed trains the whole model (Keras's default {@code trainable=True}); {@code
 * base.setTrainable(false)} freezes the base, and {@link #fineTuneFrom} unfreezes its top blocks for
 * a second phase at a lower learning rate.
 */
public final class TransferLearning {
  private TransferLearning() {}

  /** The seed's {@code create_model()} on a given base (VGG16 in the seed; any application without its top). */
  public static Model createModel(Application baseModel) {
    KerasTensor x = baseModel.output();
    x = new Flatten().apply(x);
    x = new Dense(512).activation("relu").apply(x);
    x = new Dropout(0.5).apply(x);
    x = new Dense(1).activation("sigmoid").dtype("float32").apply(x); // float32 output under a mixed policy (Keras's guide)
    return new Model(baseModel.input(), x);
  }

  /** The seed's {@code create_model()} exactly: ImageNet weights (Keras's file in models/), 224x224x3. */
  public static Model createModel() {
    return createModel(new VGG16("imagenet", false, 224, 224, 3));
  }

  /**
   * The seed's model taking raw RGB pixels in 0..255: VGG16's {@code preprocess_input} is the
   * base's first step ({@code VGG16(input_tensor=preprocess_input(inputs))} in Keras), so the
   * model, and a SavedModel exported from it, serves decoded images as they are.
   *
   * @param weights as {@link VGG16}: "imagenet", null, or a weight file or SavedModel path
   */
  public static Model createModel(String weights, int height, int width, int channels) {
    return createModel("vgg16", weights, height, width, channels);
  }

  /**
   * The same head on another base, by its {@code keras.applications} module name ({@code
   * resnet50}, {@code mobilenet_v2}, {@code efficientnet_b0}... see {@link Applications#names()}),
   * its own {@code preprocess_input} inside (none for EfficientNet, whose preprocessing is in the
   * network).
   */
  public static Model createModel(String base, String weights, int height, int width, int channels) {
    KerasTensor inputs = Input.of(height, width, channels);
    String mode = Applications.preprocessMode(base);
    KerasTensor x = mode.equals("none") ? inputs : ImagenetUtils.preprocessInput(inputs, mode);
    return createModel(Applications.create(base, false, weights, x, null, null, 1000, "softmax"));
  }

  /**
   * The index in {@code model.layers()} of layer {@code first}, or of the first layer of block
   * {@code first} ({@code block5} is {@code block5_conv1}).
   *
   * @throws IllegalArgumentException naming the model and its blocks when there is none
   */
  public static int firstLayerIndex(Model model, String first) {
    List<Layer> layers = model.layers();
    for (int i = 0; i < layers.size(); i++) {
      String n = layers.get(i).name();
      if (n.equals(first) || n.startsWith(first + "_")) {
        return i;
      }
    }
    List<String> blocks = new ArrayList<>();
    for (Layer l : layers) {
      String n = l.name();
      if (n.startsWith("block") && n.contains("_") && !blocks.contains(n.substring(0, n.indexOf('_')))) {
        blocks.add(n.substring(0, n.indexOf('_')));
      }
    }
    throw new IllegalArgumentException("No layer named `" + first + "` (or starting with `" + first + "_`) in model \""
        + model.name() + "\"" + (blocks.isEmpty() ? "." : "; its blocks are " + blocks + "."));
  }

  /**
   * Fine-tuning as in Keras's transfer-learning guide: the layers from {@code first} on are
   * trainable, those before it frozen. {@code first} is a layer name ({@code block5_conv1}) or a
   * VGG16 block ({@code block5}, meaning its first layer). Compile again afterwards, usually with a
   * lower learning rate, as Keras requires for a change of {@code trainable} to take effect.
   *
   * @return the number of layers left frozen
   */
  public static int fineTuneFrom(Model model, String first) {
    int start = firstLayerIndex(model, first);
    List<Layer> layers = model.layers();
    model.setTrainable(true);
    for (int i = 0; i < start; i++) {
      layers.get(i).setTrainable(false);
    }
    return start;
  }
}
