package org.jkeras.saving;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
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
import org.jkeras.layers.preprocessing.AugMix;
import org.jkeras.layers.preprocessing.AutoContrast;
import org.jkeras.layers.preprocessing.CenterCrop;
import org.jkeras.layers.preprocessing.CutMix;
import org.jkeras.layers.preprocessing.Equalization;
import org.jkeras.layers.preprocessing.MixUp;
import org.jkeras.layers.preprocessing.RandAugment;
import org.jkeras.layers.preprocessing.RandomBrightness;
import org.jkeras.layers.preprocessing.RandomColorDegeneration;
import org.jkeras.layers.preprocessing.RandomColorJitter;
import org.jkeras.layers.preprocessing.RandomContrast;
import org.jkeras.layers.preprocessing.RandomCrop;
import org.jkeras.layers.preprocessing.RandomErasing;
import org.jkeras.layers.preprocessing.RandomFlip;
import org.jkeras.layers.preprocessing.RandomGaussianBlur;
import org.jkeras.layers.preprocessing.RandomGrayscale;
import org.jkeras.layers.preprocessing.RandomHue;
import org.jkeras.layers.preprocessing.RandomInvert;
import org.jkeras.layers.preprocessing.RandomPerspective;
import org.jkeras.layers.preprocessing.RandomPosterization;
import org.jkeras.layers.preprocessing.RandomRotation;
import org.jkeras.layers.preprocessing.RandomSaturation;
import org.jkeras.layers.preprocessing.RandomSharpness;
import org.jkeras.layers.preprocessing.RandomShear;
import org.jkeras.layers.preprocessing.RandomTranslation;
import org.jkeras.layers.preprocessing.RandomZoom;
import org.jkeras.layers.preprocessing.Normalization;
import org.jkeras.layers.preprocessing.Rescaling;
import org.jkeras.layers.preprocessing.Resizing;
import org.jkeras.layers.preprocessing.Solarization;

/**
 * Keras's {@code serialize_keras_object} / {@code deserialize_keras_object} for layers and models:
 * {@code {"module": "keras.layers", "class_name": "Conv2D", "config": {...}, "registered_name":
 * null, "build_config": {...}}}, the config being {@code get_config()}. A registry maps each Keras
 * class name to the class's {@code fromConfig}: jkeras's layers here, models and applications
 * through {@link LayerDeserializers}; {@link #register} adds a user's classes, and a {@link
 * SerializationScope} (what {@code Models.loadModel} opens) adds its {@code customObjects} and
 * decides safe mode.
 *
 * <p>Safe mode is a flag of the registry: a class registered with {@link #registerUnsafe} (one
 * whose config carries code to run, as Keras's {@code Lambda}) is refused while safe mode is on,
 * as Keras refuses it.
 */
public final class Serialization {
  /** A class the registry can build, and where Keras finds it when it reads a config jkeras wrote. */
  private record Registered(Function<Map<String, Object>, Layer> factory, String module, String registeredName,
      boolean unsafe) {}

  private static final String LAYERS_MODULE = "keras.layers";
  private static final Map<String, Registered> LAYERS = new HashMap<>();

  static {
    builtin("InputLayer", InputLayer::fromConfig);
    builtin("Dense", Dense::fromConfig);
    builtin("Conv2D", Conv2D::fromConfig);
    builtin("MaxPooling2D", MaxPooling2D::fromConfig);
    builtin("AveragePooling2D", AveragePooling2D::fromConfig);
    builtin("GlobalAveragePooling2D", GlobalAveragePooling2D::fromConfig);
    builtin("Flatten", Flatten::fromConfig);
    builtin("Dropout", Dropout::fromConfig);
    builtin("Activation", Activation::fromConfig);
    builtin("BatchNormalization", BatchNormalization::fromConfig);
    builtin("Add", Add::fromConfig);
    builtin("Subtract", Subtract::fromConfig);
    builtin("Multiply", Multiply::fromConfig);
    builtin("Average", Average::fromConfig);
    builtin("Maximum", Maximum::fromConfig);
    builtin("Minimum", Minimum::fromConfig);
    builtin("Concatenate", Concatenate::fromConfig);
    builtin("Dot", Dot::fromConfig);
    // Issue 13, reshaping, normalization, activation and core layers (branch l13-layers).
    builtin("Reshape", Reshape::fromConfig);
    builtin("Permute", Permute::fromConfig);
    builtin("RepeatVector", RepeatVector::fromConfig);
    builtin("UpSampling2D", UpSampling2D::fromConfig);
    builtin("ZeroPadding2D", ZeroPadding2D::fromConfig);
    builtin("Cropping2D", Cropping2D::fromConfig);
    builtin("LayerNormalization", LayerNormalization::fromConfig);
    builtin("GroupNormalization", GroupNormalization::fromConfig);
    builtin("UnitNormalization", UnitNormalization::fromConfig);
    builtin("SpatialDropout2D", SpatialDropout2D::fromConfig);
    builtin("GaussianNoise", GaussianNoise::fromConfig);
    builtin("GaussianDropout", GaussianDropout::fromConfig);
    builtin("ActivityRegularization", ActivityRegularization::fromConfig);
    builtin("ReLU", ReLU::fromConfig);
    builtin("LeakyReLU", LeakyReLU::fromConfig);
    builtin("PReLU", PReLU::fromConfig);
    builtin("ELU", ELU::fromConfig);
    builtin("Softmax", Softmax::fromConfig);
    builtin("Embedding", Embedding::fromConfig);
    builtin("Identity", Identity::fromConfig);
    builtinUnsafe("Lambda", Lambda::fromConfig); // its config carries Python code
    // Convolution and pooling layers of issue 13.
    builtin("Conv1D", Conv1D::fromConfig);
    builtin("Conv3D", Conv3D::fromConfig);
    builtin("DepthwiseConv2D", DepthwiseConv2D::fromConfig);
    builtin("SeparableConv2D", SeparableConv2D::fromConfig);
    builtin("Conv2DTranspose", Conv2DTranspose::fromConfig);
    builtin("MaxPooling1D", MaxPooling1D::fromConfig);
    builtin("AveragePooling1D", AveragePooling1D::fromConfig);
    builtin("GlobalMaxPooling2D", GlobalMaxPooling2D::fromConfig);
    builtin("GlobalAveragePooling1D", GlobalAveragePooling1D::fromConfig);
    builtin("GlobalMaxPooling1D", GlobalMaxPooling1D::fromConfig);
    // Keras's image preprocessing layers (keras.layers.RandomFlip...).
    builtin("RandomCrop", RandomCrop::fromConfig);
    builtin("RandomFlip", RandomFlip::fromConfig);
    builtin("RandomRotation", RandomRotation::fromConfig);
    builtin("RandomZoom", RandomZoom::fromConfig);
    builtin("RandomTranslation", RandomTranslation::fromConfig);
    builtin("RandomContrast", RandomContrast::fromConfig);
    builtin("RandomBrightness", RandomBrightness::fromConfig);
    builtin("Rescaling", Rescaling::fromConfig);
    builtin("Resizing", Resizing::fromConfig);
    builtin("AugMix", AugMix::fromConfig);
    builtin("RandAugment", RandAugment::fromConfig);
    builtin("RandomColorJitter", RandomColorJitter::fromConfig);
    builtin("CutMix", CutMix::fromConfig);
    builtin("MixUp", MixUp::fromConfig);
    builtin("CenterCrop", CenterCrop::fromConfig);
    builtin("RandomPerspective", RandomPerspective::fromConfig);
    builtin("RandomShear", RandomShear::fromConfig);
    builtin("RandomErasing", RandomErasing::fromConfig);
    builtin("RandomGaussianBlur", RandomGaussianBlur::fromConfig);
    builtin("RandomColorDegeneration", RandomColorDegeneration::fromConfig);
    builtin("RandomSharpness", RandomSharpness::fromConfig);
    builtin("RandomSaturation", RandomSaturation::fromConfig);
    builtin("RandomHue", RandomHue::fromConfig);
    builtin("RandomGrayscale", RandomGrayscale::fromConfig);
    builtin("Equalization", Equalization::fromConfig);
    builtin("AutoContrast", AutoContrast::fromConfig);
    builtin("Solarization", Solarization::fromConfig);
    builtin("RandomPosterization", RandomPosterization::fromConfig);
    builtin("RandomInvert", RandomInvert::fromConfig);
    builtin("Normalization", Normalization::fromConfig);
    // Models (Sequential, Functional) and the applications' layers come from the packages above.
    for (LayerDeserializers provider : ServiceLoader.load(LayerDeserializers.class, Serialization.class.getClassLoader())) {
      Set<String> unsafe = provider.unsafe();
      provider.deserializers().forEach((name, f) -> LAYERS.put(name,
          new Registered(f, provider.module(name), provider.registeredName(name), unsafe.contains(name))));
    }
  }

  private Serialization() {}

  private static void builtin(String className, Function<Map<String, Object>, ? extends Layer> factory) {
    LAYERS.put(className, new Registered(factory::apply, LAYERS_MODULE, null, false));
  }

  /** A Keras layer class whose config carries code to run: refused in safe mode, as Keras refuses it. */
  private static void builtinUnsafe(String className, Function<Map<String, Object>, ? extends Layer> factory) {
    LAYERS.put(className, new Registered(factory::apply, LAYERS_MODULE, null, true));
  }

  /**
   * Adds a layer class to what {@link #deserialize} knows. The factory is the class's {@code
   * fromConfig}: it receives the whole config, base arguments included ({@code name}, {@code
   * trainable}..., which a {@code Layer} subclass applies with {@code withBaseConfig}). Written to
   * a file, the class is a custom object: Python loads it with {@code custom_objects={className: ...}}.
   */
  public static synchronized void register(String className, Function<Map<String, Object>, ? extends Layer> factory) {
    LAYERS.put(className, new Registered(factory::apply, null, className, false));
  }

  /**
   * {@link #register} for a class whose config carries code to run (Keras's {@code Lambda}): in
   * safe mode (the default of {@code Models.loadModel}) a config naming it is refused.
   */
  public static synchronized void registerUnsafe(String className, Function<Map<String, Object>, ? extends Layer> factory) {
    LAYERS.put(className, new Registered(factory::apply, null, className, true));
  }

  /**
   * Keras's {@code serialize_keras_object(layer)}: {@code module}, {@code class_name}, {@code
   * config}, {@code registered_name} (null for Keras's own classes, the class name for a user's),
   * and {@code build_config} once the layer is built (see {@link Layer#getBuildConfig()}).
   */
  public static Map<String, Object> serialize(Layer layer) {
    Registered r = registered(layer.className());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("module", r != null && r.module() != null ? r.module() : layer.getClass().getPackageName());
    m.put("class_name", layer.className());
    m.put("config", layer.getConfig());
    m.put("registered_name", r != null ? r.registeredName() : layer.className());
    Map<String, Object> build = layer.getBuildConfig();
    if (build != null) {
      m.put("build_config", build);
    }
    return m;
  }

  /**
   * Keras's {@code deserialize_keras_object}: the layer (or model) a {@link #serialize} map
   * describes, built by the open {@link SerializationScope}'s custom objects first, then the
   * registry. {@code module}, {@code registered_name} and {@code build_config} are not needed:
   * a layer is built when its model calls it.
   *
   * @throws IllegalArgumentException naming the layer (and, for a nested model, the path to it)
   *     when its class is unknown, refused in safe mode, or its config does not describe it
   */
  @SuppressWarnings("unchecked")
  public static Layer deserialize(Map<String, Object> m) {
    Object cls = m.get("class_name");
    Object c = m.get("config");
    if (!(cls instanceof String) || !(c instanceof Map)) {
      throw new IllegalArgumentException("A serialized layer needs `class_name` (a string) and `config` (a map). Received: "
          + "keys " + m.keySet());
    }
    String className = (String) cls;
    Map<String, Object> config = (Map<String, Object>) c;
    String where = "layer '" + (config.get("name") instanceof String n ? n : "?") + "' (" + className + ")";
    SerializationScope scope = SerializationScope.current();
    Function<Map<String, Object>, ?> f = scope.customObject(m.get("registered_name") instanceof String r ? r : className);
    if (f == null) {
      f = scope.customObject(className);
    }
    if (f == null) {
      Registered r = registered(className);
      if (r == null) {
        throw new IllegalArgumentException("Could not locate class '" + className + "' of " + where + ": jkeras has no such"
            + " layer class. Pass it as a custom object (customObjects(Map.of(\"" + className + "\", " + className
            + "::fromConfig)) in Models.loadModel) or register it with Serialization.register. Known classes: "
            + knownClasses());
      }
      if (r.unsafe() && scope.safeMode()) {
        String what = "Lambda".equals(className) && LAYERS_MODULE.equals(r.module())
            ? "a `Lambda` layer whose `function` is a Python lambda (" + where + ")"
            : where + ", whose config carries code to run";
        throw new IllegalArgumentException("Requested the deserialization of " + what + ". This carries a potential risk of"
            + " arbitrary code execution and thus it is disallowed by default. If you trust the source of the artifact, you"
            + " can override this error by passing safeMode(false) to Models.loadModel.");
      }
      f = r.factory();
    }
    Object built;
    try {
      built = f.apply(config);
    } catch (RuntimeException e) {
      boolean described = (e instanceof IllegalArgumentException || e instanceof IllegalStateException
          || e instanceof UnsupportedOperationException) && e.getMessage() != null;
      throw new IllegalArgumentException("Cannot rebuild " + where + ": " + (described ? e.getMessage()
          : "its config is malformed (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + ")"), e);
    }
    if (!(built instanceof Layer layer)) {
      throw new IllegalArgumentException("The custom object for class '" + className + "' made "
          + (built == null ? "null" : "a " + built.getClass().getSimpleName()) + ", not a layer, for " + where + ".");
    }
    return layer;
  }

  /** Whether a config naming {@code className} can be built (by the registry or the open scope's custom objects). */
  public static boolean isKnown(String className) {
    return registered(className) != null || SerializationScope.current().customObject(className) != null;
  }

  private static synchronized Registered registered(String className) {
    return LAYERS.get(className);
  }

  private static synchronized List<String> knownClasses() {
    return List.copyOf(new TreeSet<>(LAYERS.keySet()));
  }
}
