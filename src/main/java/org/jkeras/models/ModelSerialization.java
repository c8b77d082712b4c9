package org.jkeras.models;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.layers.Layer;
import org.jkeras.saving.Serialization;

/**
 * A layer or model as Keras's {@code serialize_keras_object} writes it into {@code config.json}:
 * {@link Serialization#serialize}, and for a model its {@code compile_config} too ({@code {}} when
 * not compiled), as Keras writes it for every object that has {@code get_compile_config}, nested
 * models included.
 */
final class ModelSerialization {
  private ModelSerialization() {}

  static Map<String, Object> serialize(Layer layer) {
    Map<String, Object> m = new LinkedHashMap<>(Serialization.serialize(layer));
    if (layer instanceof Model model) {
      Map<String, Object> compile = model.getCompileConfig();
      m.put("compile_config", compile == null ? new LinkedHashMap<>() : compile);
    }
    return m;
  }
}
