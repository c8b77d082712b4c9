package org.jkeras.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.jkeras.utils.Json;
import org.junit.jupiter.api.Test;

/** Keras 3's reading of legacy configs, and TF-Keras 2's differences (the parity case keras2_h5 loads real files). */
class LegacyConfigsTest {
  /** A functional config as TF-Keras 2.18 writes it: a nested Sequential with its own InputLayer, called once. */
  private static final String FUNCTIONAL = "{\"class_name\": \"Functional\", \"config\": {\"name\": \"model\", \"layers\": ["
      + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 4], \"name\": \"image\"}, \"name\":"
      + " \"image\", \"inbound_nodes\": []},"
      + "{\"class_name\": \"BatchNormalization\", \"config\": {\"name\": \"bn\", \"axis\": [1]}, \"name\": \"bn\","
      + " \"inbound_nodes\": [[[\"image\", 0, 0, {}]]]},"
      + "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"head\", \"layers\": [{\"class_name\": \"InputLayer\","
      + " \"config\": {\"batch_input_shape\": [null, 4], \"name\": \"head_input\"}}, {\"class_name\": \"Dense\","
      + " \"config\": {\"name\": \"d\", \"units\": 2}}]}, \"name\": \"head\", \"inbound_nodes\": [[[\"bn\", 0, 0, {}]]]},"
      + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"out\", \"units\": 1}, \"name\": \"out\","
      + " \"inbound_nodes\": [[[\"head\", 1, 0, {}]]]}],"
      + " \"input_layers\": [[\"image\", 0, 0]], \"output_layers\": [[\"out\", 0, 0], [\"head\", 1, 0]]}}";

  @SuppressWarnings("unchecked")
  private static Map<String, Object> layer(Map<String, Object> model, int i) {
    return (Map<String, Object>) ((List<Object>) ((Map<String, Object>) model.get("config")).get("layers")).get(i);
  }

  @Test
  void keras2NodesOfANestedModelWithAnInputAreRenumberedFromZero() {
    Map<String, Object> c = LegacyConfigs.modelConfig(Json.parseObject(FUNCTIONAL), true);
    // compared as text: the JSON reader's numbers and the renumbered ones are of different classes
    assertEquals("[[[head, 0, 0, {}]]]", String.valueOf(layer(c, 3).get("inbound_nodes")));
    assertEquals("[[out, 0, 0], [head, 0, 0]]", String.valueOf(((Map<?, ?>) c.get("config")).get("output_layers")));
    assertEquals("[[[bn, 0, 0, {}]]]", String.valueOf(layer(c, 2).get("inbound_nodes")), "others unchanged");
    Map<String, Object> keras3 = LegacyConfigs.modelConfig(Json.parseObject(FUNCTIONAL), false);
    assertEquals("[[[head, 1, 0, {}]]]", String.valueOf(layer(keras3, 3).get("inbound_nodes")),
        "a file Keras 3 wrote is numbered as Keras 3 numbers");
  }

  @Test
  void aOneItemAxisListIsAnIntegerAsKerasReadsIt() {
    Map<String, Object> c = LegacyConfigs.modelConfig(Json.parseObject(FUNCTIONAL), false);
    assertEquals("1", String.valueOf(((Map<?, ?>) layer(c, 1).get("config")).get("axis")));
  }

  @Test
  void tfKerasOptimizerConfigsReadAsKeras3s() {
    Map<String, Object> training = Json.parseObject("{\"loss\": \"mse\", \"optimizer_config\": {\"class_name\":"
        + " \"Custom>Adam\", \"config\": {\"name\": \"Adam\", \"learning_rate\": 0.01, \"jit_compile\": false,"
        + " \"is_legacy_optimizer\": false}}}");
    Map<?, ?> o = (Map<?, ?>) LegacyConfigs.trainingConfig(training).get("optimizer_config");
    assertEquals("Adam", o.get("class_name"));
    Map<?, ?> config = (Map<?, ?>) o.get("config");
    assertEquals(0.01, ((Number) config.get("learning_rate")).doubleValue());
    assertFalse(config.containsKey("jit_compile"));
    assertFalse(config.containsKey("is_legacy_optimizer"));
    assertTrue(LegacyConfigs.isKeras2("2.18.0") && !LegacyConfigs.isKeras2("3.15.1"));
  }
}
