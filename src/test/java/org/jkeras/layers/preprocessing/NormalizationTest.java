package org.jkeras.layers.preprocessing;

import static org.jkeras.TestUtil.array;
import static org.jkeras.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.jkeras.TestUtil;
import org.jkeras.layers.Layer;
import org.jkeras.saving.Serialization;
import org.junit.jupiter.api.Test;

/** Keras's docstring examples of {@code keras.layers.Normalization}, and its config round trip. */
class NormalizationTest {

  @Test
  void givenMeanAndVarianceNormalize() {
    Normalization n = new Normalization().meanAndVariance(3.0, 2.0);
    float[] y = flat(TestUtil.run(n, array(new float[] {1}, new float[] {2}, new float[] {3}), false, null));
    assertArrayEquals(new float[] {-1.4142135f, -0.70710677f, 0f}, y, 1e-7f);
    assertTrue(n.weights().isEmpty(), "given statistics are constants, not weights");
  }

  @Test
  void adaptComputesPerFeatureStatisticsAndInvertDenormalizes() {
    var data = array(new float[] {0, 7, 4}, new float[] {2, 9, 6}, new float[] {0, 7, 4}, new float[] {2, 9, 6});
    Normalization n = new Normalization();
    n.adapt(data);
    assertEquals(List.of("mean", "variance", "count"), n.weights().stream().map(w -> w.name()).toList());
    assertArrayEquals(new float[] {-1, -1, -1}, flat(TestUtil.run(n, array(new float[] {0, 7, 4}), false, null)), 1e-6f);
    Normalization inv = new Normalization().invert(true);
    inv.adapt(data);
    assertArrayEquals(new float[] {2, 10, 8}, flat(TestUtil.run(inv, array(new float[] {1, 2, 3}), false, null)), 1e-6f);
  }

  @Test
  void configRoundTripAndKerasErrors() {
    Normalization n = new Normalization().axis(-1).meanAndVariance(new double[] {1, 2}, new double[] {4, 9}).invert(true);
    Map<String, Object> c = n.getConfig();
    assertEquals(List.of(-1), c.get("axis"));
    assertEquals(List.of(1.0, 2.0), c.get("mean"));
    Layer back = Serialization.deserialize(Map.of("class_name", "Normalization", "config", c));
    assertEquals(c, back.getConfig());
    var e = assertThrows(IllegalArgumentException.class,
        () -> new Normalization().meanAndVariance(new double[] {1, 2}, new double[] {1}));
    assertTrue(e.getMessage().contains("must have the same shape"), e.getMessage());
    var axis = assertThrows(IllegalArgumentException.class,
        () -> TestUtil.run(new Normalization().axis(3), array(new float[] {1, 2}), false, null));
    assertTrue(axis.getMessage().contains("[-ndim, ndim)"), axis.getMessage());
  }
}
