package org.jkeras.layers;

import static org.jkeras.TestUtil.array;
import static org.jkeras.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.TestUtil;
import org.jkeras.saving.Serialization;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;

/** Embedding: the lookup (float indices truncated, as Keras casts them), and mask_zero refused. */
class EmbeddingTest {

  @Test
  void looksUpTheRowOfEachIndex() {
    FloatNdArray table = array(new float[] {0, 1}, new float[] {10, 11}, new float[] {20, 21});
    FloatNdArray y = TestUtil.run(new Embedding(3, 2), array(new float[] {2, 0.9f, 1.5f}), false, List.of(table));
    assertArrayEquals(new long[] {1, 3, 2}, y.shape().asArray());
    assertArrayEquals(new float[] {20, 21, 0, 1, 10, 11}, flat(y));
  }

  @Test
  void maskZeroIsRefusedInJavaAndInAConfig() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Embedding(5, 2).maskZero(true));
    assertTrue(e.getMessage().startsWith("jkeras does not support `mask_zero` in Embedding"), e.getMessage());
    Map<String, Object> config = new LinkedHashMap<>(new Embedding(5, 2).getConfig());
    config.put("mask_zero", true);
    e = assertThrows(IllegalArgumentException.class,
        () -> Serialization.deserialize(Map.of("class_name", "Embedding", "config", config)));
    assertTrue(e.getMessage().endsWith("Received: mask_zero=true"), e.getMessage());
  }
}
