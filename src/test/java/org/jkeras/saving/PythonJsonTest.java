package org.jkeras.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jkeras.layers.Dense;
import org.jkeras.layers.Layer;
import org.jkeras.models.Model;
import org.jkeras.regularizers.L2;
import org.jkeras.utils.Json;
import org.junit.jupiter.api.Test;

/**
 * JSON files written by Python's json module (python_json.py beside them, with Keras 3.15.1):
 * jkeras reads them as Python does, and a Keras functional model's {@code to_json()} with
 * non-ASCII layer names becomes the same model in jkeras, whose config survives jkeras's own
 * writing and reading unchanged.
 */
class PythonJsonTest {

  @Test
  void valuesAtTheEdgesReadAsPythonReadsThem() throws Exception {
    Map<String, Object> v = Json.readObject(resource("python_json_values.json"));
    assertEquals("3.15.1", v.get("keras_version"));
    assertEquals(List.of("nan", "inf", "-inf", "small", "float32", "decimal", "negative_zero", "int", "big", "huge_float",
        "text", "nested", "empty", "keras_version"), List.copyOf(v.keySet()), "keys in file order");
    assertEquals(Double.NaN, v.get("nan"));
    assertEquals(Double.POSITIVE_INFINITY, v.get("inf"));
    assertEquals(Double.NEGATIVE_INFINITY, v.get("-inf"));
    assertEquals(1e-7, v.get("small"));
    assertEquals((double) 0.001f, v.get("float32"));
    assertEquals(0.001, v.get("decimal"));
    assertEquals(-0.0, v.get("negative_zero"));
    assertEquals(3L, v.get("int"));
    assertEquals(BigInteger.TWO.pow(70), v.get("big"));
    assertEquals(1e300, v.get("huge_float"));
    assertEquals("café 压缩 😀 \"quoted\" \\ /\n\t\u0001", v.get("text"));
    assertEquals(List.of(List.of(1L, Arrays.asList(2.5, null)), Map.of("true", true, "false", false)), v.get("nested"));
    assertEquals(List.of(Map.of(), List.of()), v.get("empty"));
    assertEquals(v, Json.parseObject(Json.write(v)), "written by jkeras and read back");
  }

  @Test
  void kerasToJsonOfAFunctionalModelWithUnicodeNamesIsTheSameModel() throws Exception {
    Map<String, Object> config = Json.readObject(resource("python_json_model.json"));
    try (Model model = (Model) Serialization.deserialize(config)) {
      assertEquals("модель", model.name());
      assertEquals(List.of("entrée", "dense_café", "压缩", "concat", "выход 😀"),
          model.layers().stream().map(Layer::name).toList());
      assertEquals(1e-7, ((L2) ((Dense) model.layers().get(1)).kernelRegularizer()).l2());
      assertEquals(3 * 4 + 3 + 7 + 1, model.countParams());

      String written = Json.write(Serialization.serialize(model));
      assertTrue(written.contains("\"name\": \"выход 😀\""), written);
      try (Model back = (Model) Serialization.deserialize(Json.parseObject(written))) {
        assertEquals(written, Json.write(Serialization.serialize(back)));
      }
    }
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(PythonJsonTest.class.getResource(name).toURI());
  }
}
