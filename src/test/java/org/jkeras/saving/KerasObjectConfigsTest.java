package org.jkeras.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.jkeras.TestUtil;
import org.jkeras.initializers.Initializers;
import org.jkeras.losses.Losses;
import org.jkeras.metrics.Metrics;
import org.jkeras.optimizers.Optimizers;
import org.jkeras.optimizers.schedules.Schedules;
import org.jkeras.regularizers.Regularizers;
import org.jkeras.utils.Json;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Initializers, regularizers, learning rate schedules, optimizers, losses and metrics as real
 * Keras 3.15.1 serialized them ({@code keras_object_configs.json}, made by the script beside it),
 * read through each package's registry and the classes' {@code fromConfig}: jkeras's {@code
 * getConfig} of the result must have Keras's keys and values. Numbers are compared at float32
 * precision, since Keras keeps a learning rate (and L1's factor) as float32 ({@code
 * 0.0010000000474974513}) where jkeras keeps the double given; an optimizer's {@code name} is not
 * compared, since Keras makes it unique per session ({@code adam_1}) and jkeras keeps the class's.
 */
class KerasObjectConfigsTest {

  static Stream<Map<String, Object>> kerasObjects() throws IOException {
    return TestUtil.kerasResource(KerasObjectConfigsTest.class, "keras_object_configs.json", "objects");
  }

  /** The entries, each named for the test report. */
  static Stream<Named<Map<String, Object>>> named() throws IOException {
    return kerasObjects().map(m -> Named.of(m.get("class_name") + " " + m.get("config"), m));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("named")
  @SuppressWarnings("unchecked")
  void getConfigOfTheObjectBuiltFromKerasConfigIsKerasConfig(Map<String, Object> serialized) {
    String module = (String) serialized.get("module");
    String cls = (String) serialized.get("class_name");
    Map<String, Object> keras = new LinkedHashMap<>((Map<String, Object>) serialized.get("config"));
    Map<String, Object> jkeras = new LinkedHashMap<>(getConfig(module, cls, serialized));
    assertEquals(keras.keySet(), jkeras.keySet(), "config keys");
    if (module.equals("keras.optimizers")) {
      keras.remove("name");
      jkeras.remove("name");
    }
    assertEquals(TestUtil.float32Numbers(keras), TestUtil.float32Numbers(Json.parse(Json.write(jkeras))));
  }

  /** The jkeras object of the serialized form, by Keras module, and its config. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> getConfig(String module, String cls, Map<String, Object> serialized) {
    Map<String, Object> config = (Map<String, Object>) serialized.get("config");
    switch (module) {
      case "keras.initializers": return Initializers.deserialize(serialized).getConfig();
      case "keras.regularizers": return Regularizers.deserialize(serialized).getConfig();
      case "keras.optimizers.schedules": return Schedules.deserialize(serialized).getConfig();
      case "keras.optimizers": return Optimizers.fromConfig(cls, config).getConfig();
      case "keras.losses": return Losses.fromConfig(cls, config).getConfig();
      case "keras.metrics": return Metrics.fromConfig(cls, config).getConfig();
      default: throw new IllegalArgumentException("Unexpected module " + module);
    }
  }
}
