package org.jkeras.saving;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.jkeras.applications.PreprocessInput;
import org.jkeras.layers.Activation;
import org.jkeras.layers.Add;
import org.jkeras.layers.Average;
import org.jkeras.layers.AveragePooling2D;
import org.jkeras.layers.BatchNormalization;
import org.jkeras.layers.Concatenate;
import org.jkeras.layers.Conv2D;
import org.jkeras.layers.Dense;
import org.jkeras.layers.Dot;
import org.jkeras.layers.Dropout;
import org.jkeras.layers.Flatten;
import org.jkeras.layers.GlobalAveragePooling2D;
import org.jkeras.layers.InputLayer;
import org.jkeras.layers.KerasTensor;
import org.jkeras.layers.Layer;
import org.jkeras.layers.MaxPooling2D;
import org.jkeras.layers.Maximum;
import org.jkeras.layers.Minimum;
import org.jkeras.layers.Multiply;
import org.jkeras.layers.Subtract;
import org.jkeras.layers.preprocessing.RandomBrightness;
import org.jkeras.layers.preprocessing.RandomContrast;
import org.jkeras.layers.preprocessing.RandomCrop;
import org.jkeras.layers.preprocessing.RandomFlip;
import org.jkeras.layers.preprocessing.RandomRotation;
import org.jkeras.layers.preprocessing.RandomTranslation;
import org.jkeras.layers.preprocessing.RandomZoom;
import org.jkeras.layers.preprocessing.Rescaling;
import org.jkeras.layers.preprocessing.Resizing;
import org.jkeras.models.Model;
import org.jkeras.models.Sequential;
import org.jkeras.saving.serialization.Config;

/**
 * Keras's {@code serialize_keras_object} / {@code deserialize_keras_object} for layers and models:
 * {@code {"class_name": "Conv2D", "config": {...}}}, the config being {@code get_config()}. A
 * registry maps each Keras class name to the class's {@code fromConfig}; {@link #register} adds
 * a user's classes.
 */
public final class Serialization {
  private static final Map<String, Function<Map<String, Object>, Layer>> LAYERS = new HashMap<>();

  static {
    register("InputLayer", InputLayer::fromConfig);
    register("Dense", Dense::fromConfig);
    register("Conv2D", Conv2D::fromConfig);
    register("MaxPooling2D", MaxPooling2D::fromConfig);
    register("AveragePooling2D", AveragePooling2D::fromConfig);
    register("GlobalAveragePooling2D", GlobalAveragePooling2D::fromConfig);
    register("Flatten", Flatten::fromConfig);
    register("Dropout", Dropout::fromConfig);
    register("Activation", Activation::fromConfig);
    register("BatchNormalization", BatchNormalization::fromConfig);
    register("Add", Add::fromConfig);
    register("Subtract", Subtract::fromConfig);
    register("Multiply", Multiply::fromConfig);
    register("Average", Average::fromConfig);
    register("Maximum", Maximum::fromConfig);
    register("Minimum", Minimum::fromConfig);
    register("Concatenate", Concatenate::fromConfig);
    register("Dot", Dot::fromConfig);
    // Keras's image preprocessing layers (keras.layers.RandomFlip...).
    register("RandomCrop", RandomCrop::fromConfig);
    register("RandomFlip", RandomFlip::fromConfig);
    register("RandomRotation", RandomRotation::fromConfig);
    register("RandomZoom", RandomZoom::fromConfig);
    register("RandomTranslation", RandomTranslation::fromConfig);
    register("RandomContrast", RandomContrast::fromConfig);
    register("RandomBrightness", RandomBrightness::fromConfig);
    register("Rescaling", Rescaling::fromConfig);
    register("Resizing", Resizing::fromConfig);
    register("PreprocessInput", PreprocessInput::fromConfig);
  }

  private Serialization() {}

  /**
   * Adds a layer class to what {@link #deserialize} knows. The factory is the class's {@code
   * fromConfig}: it receives the whole config, base arguments included ({@code name}, {@code
   * trainable}..., which a {@code Layer} subclass applies with {@code withBaseConfig}).
   */
  public static synchronized void register(String className, Function<Map<String, Object>, ? extends Layer> factory) {
    LAYERS.put(className, factory::apply);
  }

  public static Map<String, Object> serialize(Layer layer) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("class_name", layer.className());
    m.put("config", layer.getConfig());
    return m;
  }

  @SuppressWarnings("unchecked")
  public static Layer deserialize(Map<String, Object> m) {
    String cls = (String) m.get("class_name");
    Map<String, Object> c = (Map<String, Object>) m.get("config");
    if (cls == null || c == null) {
      throw new IllegalArgumentException("A serialized layer needs `class_name` and `config`. Received: " + m.keySet());
    }
    if (cls.equals("Sequential") || cls.equals("Functional")) {
      return model(cls, Config.of(cls, c));
    }
    Function<Map<String, Object>, Layer> f;
    synchronized (Serialization.class) {
      f = LAYERS.get(cls);
    }
    if (f == null) {
      throw new IllegalArgumentException(
          "Could not locate class '" + cls + "'. Make sure custom classes are registered with Serialization.register."
              + " Known classes: " + knownClasses());
    }
    return f.apply(c);
  }

  private static synchronized TreeSet<String> knownClasses() {
    return new TreeSet<>(LAYERS.keySet());
  }

  /**
   * A Sequential (its InputLayer first, as Keras 3 writes it, or the input shape on its first
   * layer, as older jkeras files have it) or a functional model whose layers form a chain from
   * its InputLayer.
   */
  @SuppressWarnings("unchecked")
  private static Model model(String cls, Config c) {
    List<Layer> layers = new ArrayList<>();
    for (Object o : c.getListOrNull("layers")) {
      layers.add(deserialize((Map<String, Object>) o));
    }
    String name = c.getString("name", null);
    Model model;
    if (cls.equals("Sequential")) {
      Sequential s = new Sequential(name, layers.toArray(new Layer[0]));
      List<Object> buildShape = c.getListOrNull("build_input_shape");
      if (s.inputs().isEmpty() && buildShape != null) {
        s.build(sampleShape(buildShape));
      }
      model = s;
    } else {
      if (layers.isEmpty() || !(layers.get(0) instanceof InputLayer)) {
        throw new IllegalArgumentException("A functional model config must start with its InputLayer.");
      }
      KerasTensor in = ((InputLayer) layers.get(0)).output();
      KerasTensor t = in;
      for (Layer l : layers.subList(1, layers.size())) {
        t = l.apply(t);
      }
      model = new Model(in, t, name);
    }
    if (!c.getBoolean("trainable", true)) {
      model.setTrainable(false);
    }
    return model;
  }

  private static int[] sampleShape(List<Object> batchShape) {
    int[] out = new int[batchShape.size() - 1];
    for (int k = 1; k < batchShape.size(); k++) {
      out[k - 1] = ((Number) batchShape.get(k)).intValue();
    }
    return out;
  }
}
