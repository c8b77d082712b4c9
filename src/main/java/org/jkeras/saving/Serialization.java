package org.jkeras.saving;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jkeras.initializers.Constant;
import org.jkeras.initializers.GlorotNormal;
import org.jkeras.initializers.GlorotUniform;
import org.jkeras.initializers.HeNormal;
import org.jkeras.initializers.HeUniform;
import org.jkeras.initializers.Initializer;
import org.jkeras.initializers.LecunNormal;
import org.jkeras.initializers.LecunUniform;
import org.jkeras.initializers.Ones;
import org.jkeras.initializers.RandomNormal;
import org.jkeras.initializers.RandomUniform;
import org.jkeras.initializers.VarianceScaling;
import org.jkeras.initializers.Zeros;
import org.jkeras.layers.Activation;
import org.jkeras.layers.AveragePooling2D;
import org.jkeras.layers.BatchNormalization;
import org.jkeras.layers.Conv2D;
import org.jkeras.layers.Dense;
import org.jkeras.layers.Dropout;
import org.jkeras.layers.Flatten;
import org.jkeras.layers.InputLayer;
import org.jkeras.layers.KerasTensor;
import org.jkeras.layers.Layer;
import org.jkeras.layers.MaxPooling2D;
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
import org.jkeras.regularizers.L1;
import org.jkeras.regularizers.L1L2;
import org.jkeras.regularizers.L2;
import org.jkeras.regularizers.Regularizer;

/**
 * Keras's {@code serialize_keras_object} / {@code deserialize_keras_object} for layers and models:
 * {@code {"class_name": "Conv2D", "config": {...}}}, the config being {@code get_config()}.
 */
public final class Serialization {
  private static final Map<String, Function<Map<String, Object>, Layer>> LAYERS = new HashMap<>();

  static {
    register("Conv2D", c -> {
      Conv2D l = new Conv2D(i(c, "filters"), ints(c, "kernel_size"))
          .strides(ints(c, "strides")).padding(s(c, "padding")).dilationRate(ints(c, "dilation_rate"))
          .activation(s(c, "activation")).useBias(b(c, "use_bias"));
      l.kernelInitializer(initializer(c.get("kernel_initializer")));
      l.biasInitializer(initializer(c.get("bias_initializer")));
      l.kernelRegularizer(regularizer(c.get("kernel_regularizer")));
      l.biasRegularizer(regularizer(c.get("bias_regularizer")));
      l.activityRegularizer(regularizer(c.get("activity_regularizer")));
      return l;
    });
    register("Dense", c -> {
      Dense l = new Dense(i(c, "units")).activation(s(c, "activation")).useBias(b(c, "use_bias"));
      l.kernelInitializer(initializer(c.get("kernel_initializer")));
      l.biasInitializer(initializer(c.get("bias_initializer")));
      l.kernelRegularizer(regularizer(c.get("kernel_regularizer")));
      l.biasRegularizer(regularizer(c.get("bias_regularizer")));
      l.activityRegularizer(regularizer(c.get("activity_regularizer")));
      return l;
    });
    register("MaxPooling2D", c -> new MaxPooling2D(ints(c, "pool_size")).strides(ints(c, "strides")).padding(s(c, "padding")));
    register("AveragePooling2D", c -> new AveragePooling2D(ints(c, "pool_size")).strides(ints(c, "strides")).padding(s(c, "padding")));
    register("Flatten", c -> new Flatten());
    register("Dropout", c -> new Dropout(d(c, "rate"), c.get("seed") == null ? null : ((Number) c.get("seed")).longValue()));
    register("Activation", c -> new Activation(s(c, "activation")));
    register("BatchNormalization", c -> {
      BatchNormalization l = new BatchNormalization(i(c, "axis")).momentum(d(c, "momentum")).epsilon(d(c, "epsilon"))
          .center(b(c, "center")).scale(b(c, "scale"));
      l.betaInitializer(initializer(c.get("beta_initializer")));
      l.gammaInitializer(initializer(c.get("gamma_initializer")));
      l.movingMeanInitializer(initializer(c.get("moving_mean_initializer")));
      l.movingVarianceInitializer(initializer(c.get("moving_variance_initializer")));
      l.betaRegularizer(regularizer(c.get("beta_regularizer")));
      l.gammaRegularizer(regularizer(c.get("gamma_regularizer")));
      return l;
    });
    // Keras's image preprocessing layers (keras.layers.RandomFlip...), configs as Keras writes them.
    register("RandomCrop", c -> new RandomCrop(i(c, "height"), i(c, "width")).seed(seed(c)));
    register("RandomFlip", c -> new RandomFlip(s(c, "mode")).seed(seed(c)));
    register("RandomRotation", c -> new RandomRotation(pair(c, "factor")[0], pair(c, "factor")[1])
        .fillMode(s(c, "fill_mode")).interpolation(s(c, "interpolation")).fillValue(d(c, "fill_value")).seed(seed(c)));
    register("RandomZoom", c -> new RandomZoom(factorArg(c, "height_factor"), factorArg(c, "width_factor"))
        .fillMode(s(c, "fill_mode")).interpolation(s(c, "interpolation")).fillValue(d(c, "fill_value")).seed(seed(c)));
    register("RandomTranslation", c -> new RandomTranslation(factorArg(c, "height_factor"), factorArg(c, "width_factor"))
        .fillMode(s(c, "fill_mode")).interpolation(s(c, "interpolation")).fillValue(d(c, "fill_value")).seed(seed(c)));
    register("RandomContrast", c -> new RandomContrast(pair(c, "factor")[0], pair(c, "factor")[1])
        .valueRange(pair(c, "value_range")[0], pair(c, "value_range")[1]).seed(seed(c)));
    register("RandomBrightness", c -> new RandomBrightness(pair(c, "factor")[0], pair(c, "factor")[1])
        .valueRange(pair(c, "value_range")[0], pair(c, "value_range")[1]).seed(seed(c)));
    register("Rescaling", c -> new Rescaling(d(c, "scale"), d(c, "offset")));
    register("Resizing", c -> new Resizing(i(c, "height"), i(c, "width")).interpolation(s(c, "interpolation"))
        .cropToAspectRatio(b(c, "crop_to_aspect_ratio")).padToAspectRatio(b(c, "pad_to_aspect_ratio"))
        .fillValue(d(c, "fill_value")).antialias(b(c, "antialias")));
    register("PreprocessInput", c -> new org.jkeras.applications.PreprocessInput());
  }

  private Serialization() {}

  /** Adds a layer class to what {@link #deserialize} knows. */
  public static synchronized void register(String className, Function<Map<String, Object>, Layer> factory) {
    LAYERS.put(className, factory);
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
      return model(cls, c);
    }
    Function<Map<String, Object>, Layer> f;
    synchronized (Serialization.class) {
      f = LAYERS.get(cls);
    }
    if (f == null) {
      throw new IllegalArgumentException(
          "Could not locate class '" + cls + "'. Make sure custom classes are registered with Serialization.register."
              + " Known classes: " + new java.util.TreeSet<>(LAYERS.keySet()));
    }
    Layer l = f.apply(c);
    applyCommon(l, c);
    return l;
  }

  @SuppressWarnings("unchecked")
  private static Model model(String cls, Map<String, Object> c) {
    List<Object> layerConfigs = (List<Object>) c.get("layers");
    List<Layer> layers = new ArrayList<>();
    for (Object o : layerConfigs) {
      Map<String, Object> lc = (Map<String, Object>) o;
      if ("InputLayer".equals(lc.get("class_name"))) {
        Map<String, Object> ic = (Map<String, Object>) lc.get("config");
        layers.add(new InputLayer((String) ic.get("name"), sampleShape(ic.get("batch_input_shape"))));
      } else {
        layers.add(deserialize(lc));
      }
    }
    String name = (String) c.get("name");
    Model model;
    if (cls.equals("Sequential")) {
      model = new Sequential(name, layers.toArray(new Layer[0]));
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
    if (Boolean.FALSE.equals(c.get("trainable"))) {
      model.setTrainable(false);
    }
    return model;
  }

  @SuppressWarnings("unchecked")
  private static void applyCommon(Layer l, Map<String, Object> c) {
    if (c.get("name") != null) {
      l.name((String) c.get("name"));
    }
    if (c.get("batch_input_shape") != null) {
      l.inputShape(sampleShape(c.get("batch_input_shape")));
    }
    if (Boolean.FALSE.equals(c.get("trainable"))) {
      l.setTrainable(false);
    }
  }

  private static int[] sampleShape(Object batchShape) {
    List<?> l = (List<?>) batchShape;
    int[] out = new int[l.size() - 1];
    for (int k = 1; k < l.size(); k++) {
      out[k - 1] = ((Number) l.get(k)).intValue();
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  public static Initializer initializer(Object o) {
    if (o == null) {
      return null;
    }
    if (o instanceof String) {
      return org.jkeras.initializers.Initializers.get((String) o);
    }
    Map<String, Object> m = (Map<String, Object>) o;
    Map<String, Object> c = m.get("config") == null ? Map.of() : (Map<String, Object>) m.get("config");
    Long seed = c.get("seed") == null ? null : ((Number) c.get("seed")).longValue();
    switch ((String) m.get("class_name")) {
      case "GlorotUniform": return new GlorotUniform(seed);
      case "GlorotNormal": return new GlorotNormal(seed);
      case "HeNormal": return new HeNormal(seed);
      case "HeUniform": return new HeUniform(seed);
      case "LecunNormal": return new LecunNormal(seed);
      case "LecunUniform": return new LecunUniform(seed);
      case "VarianceScaling":
        return new VarianceScaling(d(c, "scale"), s(c, "mode"), s(c, "distribution"), seed);
      case "Zeros": return new Zeros();
      case "Ones": return new Ones();
      case "Constant": return new Constant((float) d(c, "value"));
      case "RandomNormal": return new RandomNormal((float) d(c, "mean"), (float) d(c, "stddev"), seed);
      case "RandomUniform": return new RandomUniform((float) d(c, "minval"), (float) d(c, "maxval"), seed);
      default:
        throw new IllegalArgumentException("Could not interpret initializer: " + m.get("class_name"));
    }
  }

  @SuppressWarnings("unchecked")
  public static Regularizer regularizer(Object o) {
    if (o == null) {
      return null;
    }
    if (o instanceof String) {
      return org.jkeras.regularizers.Regularizers.get((String) o);
    }
    Map<String, Object> m = (Map<String, Object>) o;
    Map<String, Object> c = (Map<String, Object>) m.get("config");
    switch ((String) m.get("class_name")) {
      case "L1": return new L1(d(c, "l1"));
      case "L2": return new L2(d(c, "l2"));
      case "L1L2": return new L1L2(d(c, "l1"), d(c, "l2"));
      default:
        throw new IllegalArgumentException("Could not interpret regularizer: " + m.get("class_name"));
    }
  }

  static int i(Map<String, Object> c, String k) {
    return ((Number) c.get(k)).intValue();
  }

  static double d(Map<String, Object> c, String k) {
    return ((Number) c.get(k)).doubleValue();
  }

  static String s(Map<String, Object> c, String k) {
    return (String) c.get(k);
  }

  static boolean b(Map<String, Object> c, String k) {
    return Boolean.TRUE.equals(c.get(k));
  }

  /** A number or a two-number list, as a (lower, upper) pair (a number x is (x, x)). */
  static double[] pair(Map<String, Object> c, String k) {
    Object o = c.get(k);
    if (o instanceof Number) {
      double v = ((Number) o).doubleValue();
      return new double[] {v, v};
    }
    List<?> l = (List<?>) o;
    return new double[] {((Number) l.get(0)).doubleValue(), ((Number) l.get(1)).doubleValue()};
  }

  /** A factor argument as Keras stores it raw: a number {x} or a pair {a, b}; null when absent. */
  static double[] factorArg(Map<String, Object> c, String k) {
    Object o = c.get(k);
    if (o == null) {
      return null;
    }
    return o instanceof Number ? new double[] {((Number) o).doubleValue()} : pair(c, k);
  }

  static Long seed(Map<String, Object> c) {
    return c.get("seed") == null ? null : ((Number) c.get("seed")).longValue();
  }

  static int[] ints(Map<String, Object> c, String k) {
    List<?> l = (List<?>) c.get(k);
    int[] out = new int[l.size()];
    for (int j = 0; j < out.length; j++) {
      out[j] = ((Number) l.get(j)).intValue();
    }
    return out;
  }
}
