package org.jkeras.saving;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.function.Function;
import org.jkeras.layers.Activation;
import org.jkeras.layers.Add;
import org.jkeras.layers.Average;
import org.jkeras.layers.AveragePooling1D;
import org.jkeras.layers.AveragePooling2D;
import org.jkeras.layers.BatchNormalization;
import org.jkeras.layers.Concatenate;
import org.jkeras.layers.Conv1D;
import org.jkeras.layers.Conv2D;
import org.jkeras.layers.Conv2DTranspose;
import org.jkeras.layers.Conv3D;
import org.jkeras.layers.Dense;
import org.jkeras.layers.DepthwiseConv2D;
import org.jkeras.layers.Dot;
import org.jkeras.layers.Dropout;
import org.jkeras.layers.Flatten;
import org.jkeras.layers.GlobalAveragePooling1D;
import org.jkeras.layers.GlobalAveragePooling2D;
import org.jkeras.layers.GlobalMaxPooling1D;
import org.jkeras.layers.GlobalMaxPooling2D;
import org.jkeras.layers.InputLayer;
import org.jkeras.layers.Layer;
import org.jkeras.layers.MaxPooling1D;
import org.jkeras.layers.MaxPooling2D;
import org.jkeras.layers.Maximum;
import org.jkeras.layers.Minimum;
import org.jkeras.layers.Multiply;
import org.jkeras.layers.SeparableConv2D;
import org.jkeras.layers.Subtract;
import org.jkeras.layers.ActivityRegularization;
import org.jkeras.layers.Cropping2D;
import org.jkeras.layers.ELU;
import org.jkeras.layers.Embedding;
import org.jkeras.layers.GaussianDropout;
import org.jkeras.layers.GaussianNoise;
import org.jkeras.layers.GroupNormalization;
import org.jkeras.layers.Identity;
import org.jkeras.layers.Lambda;
import org.jkeras.layers.LayerNormalization;
import org.jkeras.layers.LeakyReLU;
import org.jkeras.layers.PReLU;
import org.jkeras.layers.Permute;
import org.jkeras.layers.ReLU;
import org.jkeras.layers.RepeatVector;
import org.jkeras.layers.Reshape;
import org.jkeras.layers.Softmax;
import org.jkeras.layers.SpatialDropout2D;
import org.jkeras.layers.UnitNormalization;
import org.jkeras.layers.UpSampling2D;
import org.jkeras.layers.ZeroPadding2D;
import org.jkeras.layers.preprocessing.RandomBrightness;
import org.jkeras.layers.preprocessing.RandomContrast;
import org.jkeras.layers.preprocessing.RandomCrop;
import org.jkeras.layers.preprocessing.RandomFlip;
import org.jkeras.layers.preprocessing.RandomRotation;
import org.jkeras.layers.preprocessing.RandomTranslation;
import org.jkeras.layers.preprocessing.RandomZoom;
import org.jkeras.layers.preprocessing.Normalization;
import org.jkeras.layers.preprocessing.Rescaling;
import org.jkeras.layers.preprocessing.Resizing;

/**
 * Keras's {@code serialize_keras_object} / {@code deserialize_keras_object} for layers and models:
 * {@code {"class_name": "Conv2D", "config": {...}}}, the config being {@code get_config()}. A
 * registry maps each Keras class name to the class's {@code fromConfig}: jkeras's layers here,
 * models and applications through {@link LayerDeserializers}; {@link #register} adds a user's
 * classes.
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
    // Issue 13, reshaping, normalization, activation and core layers (branch l13-layers).
    register("Reshape", Reshape::fromConfig);
    register("Permute", Permute::fromConfig);
    register("RepeatVector", RepeatVector::fromConfig);
    register("UpSampling2D", UpSampling2D::fromConfig);
    register("ZeroPadding2D", ZeroPadding2D::fromConfig);
    register("Cropping2D", Cropping2D::fromConfig);
    register("LayerNormalization", LayerNormalization::fromConfig);
    register("GroupNormalization", GroupNormalization::fromConfig);
    register("UnitNormalization", UnitNormalization::fromConfig);
    register("SpatialDropout2D", SpatialDropout2D::fromConfig);
    register("GaussianNoise", GaussianNoise::fromConfig);
    register("GaussianDropout", GaussianDropout::fromConfig);
    register("ActivityRegularization", ActivityRegularization::fromConfig);
    register("ReLU", ReLU::fromConfig);
    register("LeakyReLU", LeakyReLU::fromConfig);
    register("PReLU", PReLU::fromConfig);
    register("ELU", ELU::fromConfig);
    register("Softmax", Softmax::fromConfig);
    register("Embedding", Embedding::fromConfig);
    register("Identity", Identity::fromConfig);
    register("Lambda", Lambda::fromConfig);
    // Convolution and pooling layers of issue 13.
    register("Conv1D", Conv1D::fromConfig);
    register("Conv3D", Conv3D::fromConfig);
    register("DepthwiseConv2D", DepthwiseConv2D::fromConfig);
    register("SeparableConv2D", SeparableConv2D::fromConfig);
    register("Conv2DTranspose", Conv2DTranspose::fromConfig);
    register("MaxPooling1D", MaxPooling1D::fromConfig);
    register("AveragePooling1D", AveragePooling1D::fromConfig);
    register("GlobalMaxPooling2D", GlobalMaxPooling2D::fromConfig);
    register("GlobalAveragePooling1D", GlobalAveragePooling1D::fromConfig);
    register("GlobalMaxPooling1D", GlobalMaxPooling1D::fromConfig);
    // Keras's image preprocessing layers (keras.layers.RandomFlip...).
    register("RandomCrop", RandomCrop::fromConfig);
    register("RandomFlip", RandomFlip::fromConfig);
    register("RandomRotation", RandomRotation::fromConfig);
    register("RandomZoom", RandomZoom::fromConfig);
    register("RandomTranslation", RandomTranslation::fromConfig);
    register("RandomContrast", RandomContrast::fromConfig);
    register("RandomBrightness", RandomBrightness::fromConfig);
    register("Rescaling", Rescaling::fromConfig);
    register("Normalization", Normalization::fromConfig);
    register("Resizing", Resizing::fromConfig);
    // Models (Sequential, Functional) and the applications' layers come from the packages above.
    for (LayerDeserializers provider : ServiceLoader.load(LayerDeserializers.class, Serialization.class.getClassLoader())) {
      provider.deserializers().forEach(Serialization::register);
    }
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
}
