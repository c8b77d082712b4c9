package org.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jkeras.TestUtil;
import org.jkeras.models.Model;
import org.jkeras.saving.Serialization;
import org.jkeras.utils.Json;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a {@code .keras} file's {@code config.json} says about a layer's call, beside its config, as
 * Keras 3.15.1 wrote it ({@code keras_layer_calls.json}, made by the script beside it): the layer's
 * {@code build_config} (none for the layers Keras builds when they are made: pooling, Dropout,
 * ReLU...) and the call's {@code kwargs} ({@code training} where Keras's call defaults it,
 * {@code mask: null} where it takes a mask). The same functional model built in jkeras must write
 * the same, so that the file jkeras writes is the file Keras writes.
 */
class KerasCallRecordsTest {

  static Stream<Map<String, Object>> rows() throws IOException {
    return TestUtil.kerasResource(KerasCallRecordsTest.class, "keras_layer_calls.json", "layers");
  }

  static Stream<Named<Map<String, Object>>> named() throws IOException {
    return rows().map(r -> Named.of((String) ((Map<?, ?>) r.get("layer")).get("class_name"), r));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("named")
  @SuppressWarnings("unchecked")
  void aCallInAFunctionalModelIsRecordedAsKerasRecordsIt(Map<String, Object> row) {
    Layer layer = Serialization.deserialize((Map<String, Object>) row.get("layer"));
    List<KerasTensor> inputs = new ArrayList<>();
    for (Object s : (List<Object>) row.get("input_shapes")) {
      inputs.add(Input.of(((List<Number>) s).stream().mapToInt(Number::intValue).toArray()));
    }
    KerasTensor out = inputs.size() == 1 ? layer.apply(inputs.get(0)) : layer.apply(inputs);
    try (Model model = new Model(inputs, List.of(out))) {
      Map<String, Object> entry = null;
      for (Object e : (List<Object>) model.getConfig().get("layers")) {
        if (layer.name().equals(((Map<String, Object>) e).get("name"))) {
          entry = (Map<String, Object>) e;
        }
      }
      assertTrue(entry != null, "the model's config lists layer " + layer.name());
      Map<String, Object> jkeras = (Map<String, Object>) Json.parse(Json.write(entry));
      Map<String, Object> kerasConfig = (Map<String, Object>) ((Map<String, Object>) row.get("layer")).get("config");
      assertEquals(List.copyOf(kerasConfig.keySet()), List.copyOf(((Map<String, Object>) jkeras.get("config")).keySet()),
          "the config's keys in Keras's order (a file read is written back unchanged)");
      if (Boolean.TRUE.equals(row.get("keras_returns_its_input"))) {
        return; // Keras records no call of it (see the script): nothing further to compare
      }
      assertEquals(row.get("build_config"), jkeras.get("build_config"), "build_config");
      Map<String, Object> node = (Map<String, Object>) ((List<Object>) jkeras.get("inbound_nodes")).get(0);
      assertEquals(row.get("kwargs"), node.get("kwargs"), "the call's kwargs");
    }
  }

  /** Every Keras layer class jkeras has is covered (a new layer needs a row in the script). */
  @Test
  void everyKerasLayerClassHasARow() throws IOException {
    Set<String> covered = new TreeSet<>();
    rows().forEach(r -> covered.add((String) ((Map<?, ?>) r.get("layer")).get("class_name")));
    for (Class<? extends Layer> c : LayersContractTest.LAYER_CLASSES) {
      // jkeras's own classes are not Keras's; Lambda cannot be rebuilt from a config; InputLayer makes no call.
      if (!c.getName().startsWith("org.jkeras.applications") && c != Lambda.class && c != InputLayer.class) {
        assertTrue(covered.contains(c.getSimpleName()), c.getSimpleName() + " has no row in keras_layer_calls.json");
      }
    }
  }
}
