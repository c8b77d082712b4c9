package org.jkeras.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.jkeras.TestUtil;
import org.jkeras.losses.Loss;
import org.jkeras.losses.Losses;
import org.jkeras.utils.Json;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The losses and metrics of issue 13 as real Keras 3.15.1 serialized them ({@code
 * keras_loss_metric_configs.json}, made by the script beside it): read through {@code
 * Losses.fromConfig} / {@code Metrics.fromConfig}, jkeras's {@code getConfig} must give Keras's
 * keys and values back (numbers at float32 precision: Keras writes the integer 0 where a float was
 * meant), and reading that config again must give the same config.
 */
class LossMetricConfigsTest {

  static Stream<Named<Map<String, Object>>> named() throws IOException {
    return TestUtil.kerasResource(LossMetricConfigsTest.class, "keras_loss_metric_configs.json", "objects")
        .map(m -> Named.of(m.get("class_name") + " " + m.get("config"), m));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("named")
  @SuppressWarnings("unchecked")
  void kerasConfigsComeBackUnchanged(Map<String, Object> serialized) {
    String module = (String) serialized.get("module");
    String cls = (String) serialized.get("class_name");
    Map<String, Object> keras = new LinkedHashMap<>((Map<String, Object>) serialized.get("config"));
    Map<String, Object> jkeras = getConfig(module, cls, keras);
    assertEquals(keras.keySet(), jkeras.keySet(), "config keys");
    Object written = Json.parse(Json.write(jkeras));
    assertEquals(TestUtil.float32Numbers(keras), TestUtil.float32Numbers(written));
    assertEquals(written, Json.parse(Json.write(getConfig(module, cls, (Map<String, Object>) written))), "round trip");
  }

  private static Map<String, Object> getConfig(String module, String cls, Map<String, Object> config) {
    if (module.equals("keras.losses")) {
      Loss l = Losses.fromConfig(cls, config);
      return l.getConfig();
    }
    return Metrics.fromConfig(cls, config).getConfig();
  }
}
