package org.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jkeras.TestUtil;
import org.jkeras.saving.Serialization;
import org.jkeras.utils.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each layer config real Keras 3.15.1 wrote ({@code keras_layer_configs.json}, made by the script
 * beside it) read through jkeras's registry and {@code fromConfig}: jkeras's {@code getConfig} of
 * the result must be Keras's config, keys and values (numbers compared as float32 values: Keras
 * writes 0 where jkeras writes 0.0).
 */
class LayerConfigsTest {

  static Stream<Map<String, Object>> kerasConfigs() throws IOException {
    return TestUtil.kerasResource(LayerConfigsTest.class, "keras_layer_configs.json", "layers");
  }

  /** The entries, each named for the test report. */
  static Stream<Named<Map<String, Object>>> named() throws IOException {
    return kerasConfigs().map(m -> Named.of(m.get("class_name") + " " + ((Map<?, ?>) m.get("config")).get("name"), m));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("named")
  @SuppressWarnings("unchecked")
  void getConfigOfTheLayerBuiltFromKerasConfigIsKerasConfig(Map<String, Object> serialized) {
    Map<String, Object> keras = (Map<String, Object>) serialized.get("config");
    Layer layer = Serialization.deserialize(serialized);
    assertEquals(serialized.get("class_name"), layer.className());
    Map<String, Object> jkeras = layer.getConfig();
    assertEquals(List.copyOf(keras.keySet()), List.copyOf(jkeras.keySet()), "config keys, in Keras's order");
    assertEquals(TestUtil.float32Numbers(keras), TestUtil.float32Numbers(Json.parse(Json.write(jkeras))));
  }

  /** Every layer class of the registry is covered by the Keras configs above (a new layer needs a row). */
  @Test
  void everyRegisteredKerasLayerHasAKerasConfig() throws IOException {
    Set<String> covered = new TreeSet<>();
    kerasConfigs().forEach(m -> covered.add((String) m.get("class_name")));
    for (Class<? extends Layer> c : LayersContractTest.LAYER_CLASSES) {
      // jkeras's own classes are not Keras's; a Lambda config holds Python code, refused (LambdaTest).
      if (!c.getName().startsWith("org.jkeras.applications") && c != Lambda.class) {
        assertTrue(covered.contains(c.getSimpleName()), c.getSimpleName() + " has no Keras config in the resource");
      }
    }
  }
}
