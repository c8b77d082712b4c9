package org.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jkeras.saving.Serialization;
import org.jkeras.utils.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each layer config real Keras 3.15.1 wrote ({@code keras_layer_configs.json}, made by the script
 * beside it) read through jkeras's registry and {@code fromConfig}: jkeras's {@code getConfig} of
 * the result must be Keras's config, keys and values (numbers compared as numbers: Keras writes 0
 * where jkeras writes 0.0).
 */
class LayerConfigsTest {

  @SuppressWarnings("unchecked")
  static Stream<Map<String, Object>> kerasConfigs() throws IOException {
    try (InputStream in = LayerConfigsTest.class.getResourceAsStream("keras_layer_configs.json")) {
      Map<String, Object> file = Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      assertEquals("3.15.1", file.get("keras_version"));
      return ((List<Object>) file.get("layers")).stream().map(o -> (Map<String, Object>) o);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kerasConfigs")
  @SuppressWarnings("unchecked")
  void getConfigOfTheLayerBuiltFromKerasConfigIsKerasConfig(Map<String, Object> serialized) {
    Map<String, Object> keras = (Map<String, Object>) serialized.get("config");
    Layer layer = Serialization.deserialize(serialized);
    assertEquals(serialized.get("class_name"), layer.className());
    Map<String, Object> jkeras = layer.getConfig();
    assertEquals(keras.keySet(), jkeras.keySet(), "config keys");
    assertEquals(normalize(keras), normalize(Json.parse(Json.write(jkeras))));
  }

  /** Every layer class of the registry is covered by the Keras configs above (a new layer needs a row). */
  @org.junit.jupiter.api.Test
  @SuppressWarnings("unchecked")
  void everyRegisteredKerasLayerHasAKerasConfig() throws IOException {
    Set<String> covered = new TreeSet<>();
    kerasConfigs().forEach(m -> covered.add((String) m.get("class_name")));
    for (Class<? extends Layer> c : LayersContractTest.LAYER_CLASSES) {
      if (!c.getName().startsWith("org.jkeras.applications")) { // jkeras's own, not a Keras class
        assertTrue(covered.contains(c.getSimpleName()), c.getSimpleName() + " has no Keras config in the resource");
      }
    }
  }

  /** Numbers as doubles, so that Keras's 0 and jkeras's 0.0 compare equal; maps and lists recursively. */
  @SuppressWarnings("unchecked")
  static Object normalize(Object o) {
    if (o instanceof Number) {
      return ((Number) o).doubleValue();
    }
    if (o instanceof Map) {
      Map<String, Object> out = new LinkedHashMap<>();
      ((Map<String, Object>) o).forEach((k, v) -> out.put(k, normalize(v)));
      return out;
    }
    if (o instanceof List) {
      List<Object> out = new ArrayList<>();
      ((List<Object>) o).forEach(v -> out.add(normalize(v)));
      return out;
    }
    return o;
  }
}
