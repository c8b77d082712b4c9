package org.jkeras.layers;

import static org.jkeras.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jkeras.TestUtil;
import org.jkeras.layers.preprocessing.Rescaling;
import org.jkeras.saving.Serialization;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/** EfficientNet's drop-connect ({@code Dropout(noise_shape=(None, 1, 1, 1))}) and stem ({@code Rescaling([...])}). */
class DropoutNoiseShapeTest {

  @Test
  void aNoiseShapeOfOnesKeepsOrDropsWholeSamples() {
    FloatNdArray x = NdArrays.ofFloats(Shape.of(64, 3, 4, 5));
    x.scalars().forEach(s -> s.setFloat(1f));
    Dropout d = new Dropout(0.5, 7L).noiseShape(null, 1, 1, 1);
    float[] y = flat(TestUtil.run(d, x, true, null));
    int dropped = 0;
    for (int s = 0; s < 64; s++) {
      float[] sample = Arrays.copyOfRange(y, s * 60, (s + 1) * 60);
      float first = sample[0];
      assertTrue(first == 0f || first == 2f, "kept values are scaled by 1 / (1 - rate): " + first);
      for (float v : sample) {
        assertEquals(first, v, "sample " + s + " is kept or dropped as a whole");
      }
      dropped += first == 0f ? 1 : 0;
    }
    assertTrue(dropped > 10 && dropped < 54, "about half of 64 samples dropped: " + dropped);
    assertArrayEquals(flat(x), flat(TestUtil.run(d, x, false, null)), "the identity at inference");
  }

  @Test
  void noiseShapeConfigAndBadShapes() {
    Dropout d = new Dropout(0.2).noiseShape(null, 1, 1, 1);
    Map<String, Object> c = d.getConfig();
    assertEquals(Arrays.asList(null, 1, 1, 1), c.get("noise_shape"));
    assertEquals(c, Serialization.deserialize(Map.of("class_name", "Dropout", "config", c)).getConfig());
    var zero = assertThrows(IllegalArgumentException.class, () -> new Dropout(0.2).noiseShape(null, 0));
    assertTrue(zero.getMessage().contains("index 1: 0"), zero.getMessage());
    var rank = assertThrows(IllegalArgumentException.class,
        () -> TestUtil.run(new Dropout(0.2).noiseShape(null, 1), NdArrays.ofFloats(Shape.of(2, 3, 4)), true, null));
    assertTrue(rank.getMessage().contains("noise_shape=(None, 1)") && rank.getMessage().contains("(None, 3, 4)"),
        rank.getMessage());
  }

  @Test
  void rescalingByAListScalesChannelByChannel() {
    FloatNdArray x = NdArrays.ofFloats(Shape.of(1, 1, 2, 3));
    x.scalars().forEach(s -> s.setFloat(2f));
    Rescaling r = new Rescaling(new double[] {1, 10, 100}, 1);
    assertArrayEquals(new float[] {3, 21, 201, 3, 21, 201}, flat(TestUtil.run(r, x, false, null)));
    Map<String, Object> c = r.getConfig();
    assertEquals(List.of(1.0, 10.0, 100.0), c.get("scale"));
    assertEquals(c, Serialization.deserialize(Map.of("class_name", "Rescaling", "config", c)).getConfig());
  }
}
