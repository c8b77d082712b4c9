package org.jkeras.layers;

import static org.jkeras.TestUtil.array;
import static org.jkeras.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jkeras.TestUtil;
import org.jkeras.models.Sequential;
import org.jkeras.saving.Serialization;
import org.jkeras.saving.SerializationScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.Shape;

/** Lambda: the function's values and shape, and the refusals to serialise it (saving writes nothing). */
class LambdaTest {

  @Test
  void appliesTheFunctionAndInfersOrTakesTheOutputShape() {
    Lambda square = new Lambda((tf, x) -> tf.math.square(x));
    FloatNdArray y = TestUtil.run(square, array(new float[] {1, -2, 3}), false, null);
    assertArrayEquals(new float[] {1, 4, 9}, flat(y));
    Lambda firstTwo = new Lambda((tf, x) -> tf.slice(x, tf.constant(new int[] {0, 0}), tf.constant(new int[] {-1, 2})));
    assertArrayEquals(new long[] {-1, 2}, firstTwo.computeOutputShape(Shape.of(-1, 5)).asArray());
    Lambda declared = new Lambda((tf, x) -> tf.reshape(x, tf.constant(new long[] {-1, 2, 2}))).outputShape(2, 2);
    assertArrayEquals(new long[] {-1, 2, 2}, declared.computeOutputShape(Shape.of(-1, 4)).asArray());
  }

  @Test
  void savingAModelWithALambdaRefusesAndWritesNothing(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("model");
    try (Sequential model = new Sequential(new Dense(3).inputShape(4), new Lambda((tf, x) -> tf.math.square(x)),
        new Dense(1))) {
      model.compile("sgd", "mse");
      UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> model.save(dir));
      assertTrue(e.getMessage().startsWith("Lambda layers are not serialisable: layer \"lambda"), e.getMessage());
      assertTrue(!e.getMessage().contains("\n"), "one line");
    }
    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(List.of(), left.toList(), "nothing written");
    }
  }

  /**
   * Keras's Lambda config holds Python bytecode: in safe mode (the default) it is refused as Keras
   * refuses it; with safe mode off, Keras would run the code, jkeras cannot and says so.
   */
  @Test
  void aKerasLambdaConfigIsRefused() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", "lambda");
    config.put("function", Map.of("class_name", "__lambda__", "config", Map.of("code", "4wEAAAAA")));
    config.put("arguments", Map.of());
    Map<String, Object> serialized = Map.of("class_name", "Lambda", "config", config);
    IllegalArgumentException safe = assertThrows(IllegalArgumentException.class, () -> Serialization.deserialize(serialized));
    assertTrue(safe.getMessage().startsWith("Requested the deserialization of a `Lambda` layer whose `function` is a Python"
        + " lambda (layer 'lambda' (Lambda)). This carries a potential risk of arbitrary code execution and thus it is"
        + " disallowed by default."), safe.getMessage());
    assertTrue(safe.getMessage().contains("safeMode(false)"), safe.getMessage());
    try (SerializationScope unsafe = SerializationScope.open(Map.of(), false)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Serialization.deserialize(serialized));
      assertTrue(e.getMessage().contains("Lambda layers are not serialisable: the config of Lambda layer \"lambda\" holds"
          + " Python code, which jkeras cannot run"), e.getMessage());
    }
  }
}
