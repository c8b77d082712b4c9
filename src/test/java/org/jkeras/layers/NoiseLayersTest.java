package org.jkeras.layers;

import static org.jkeras.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jkeras.TestUtil;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * SpatialDropout2D, GaussianNoise and GaussianDropout: the identity at inference; in training, the
 * structure and statistics of Keras's noise (a whole feature map dropped or kept and scaled; additive
 * N(0, stddev); multiplicative N(1, sqrt(rate / (1 - rate)))), the same draw for the same seed.
 * Statistics on 40,000 draws: the standard error of a mean is 0.005 x the standard deviation, the
 * bounds below are 4 to 6 standard errors wide.
 */
class NoiseLayersTest {

  static FloatNdArray ones(long... shape) {
    FloatNdArray a = NdArrays.ofFloats(Shape.of(shape));
    a.scalars().forEach(s -> s.setFloat(1f));
    return a;
  }

  @Test
  void spatialDropoutDropsWholeFeatureMapsAndScalesTheKeptOnes() {
    FloatNdArray x = ones(20, 3, 4, 50);
    FloatNdArray y = TestUtil.run(new SpatialDropout2D(0.4, 7L), x, true, null);
    int dropped = 0;
    for (int b = 0; b < 20; b++) {
      for (int c = 0; c < 50; c++) {
        float first = y.getFloat(b, 0, 0, c);
        assertTrue(first == 0f || Math.abs(first - 1 / 0.6f) < 1e-6, "kept values are scaled by 1 / (1 - rate): " + first);
        for (int i = 0; i < 3; i++) {
          for (int j = 0; j < 4; j++) {
            assertEquals(first, y.getFloat(b, i, j, c), "one decision per (sample, channel) map");
          }
        }
        dropped += first == 0f ? 1 : 0;
      }
    }
    assertEquals(0.4, dropped / 1000.0, 0.07, "fraction of dropped maps"); // 1000 maps: standard error 0.0155
    assertArrayEquals(flat(y), flat(TestUtil.run(new SpatialDropout2D(0.4, 7L), x, true, null)), "same seed, same maps");
    assertArrayEquals(flat(x), flat(TestUtil.run(new SpatialDropout2D(0.4, 7L), x, false, null)), "identity at inference");
  }

  @Test
  void spatialDropoutChannelsFirstDropsAlongAxis1() {
    FloatNdArray y = TestUtil.run(new SpatialDropout2D(0.5, 3L).dataFormat("channels_first"), ones(4, 30, 2, 3), true,
        null);
    for (int b = 0; b < 4; b++) {
      for (int c = 0; c < 30; c++) {
        float first = y.getFloat(b, c, 0, 0);
        for (int i = 0; i < 2; i++) {
          for (int j = 0; j < 3; j++) {
            assertEquals(first, y.getFloat(b, c, i, j));
          }
        }
      }
    }
  }

  @Test
  void gaussianNoiseAddsZeroMeanNoiseOfStddev() {
    FloatNdArray x = ones(200, 200);
    double[] m = moments(flat(TestUtil.run(new GaussianNoise(0.3, 5L), x, true, null)), 1.0);
    assertEquals(0.0, m[0], 0.3 * 0.005 * 5, "mean of the noise");
    assertEquals(0.3, m[1], 0.3 * 0.005 * 5, "standard deviation of the noise");
    assertArrayEquals(flat(x), flat(TestUtil.run(new GaussianNoise(0.3, 5L), x, false, null)), "identity at inference");
  }

  @Test
  void gaussianDropoutMultipliesByNoiseOfMeanOne() {
    FloatNdArray x = ones(200, 200);
    double stddev = Math.sqrt(0.2 / 0.8);
    double[] m = moments(flat(TestUtil.run(new GaussianDropout(0.2, 6L), x, true, null)), 0.0);
    assertEquals(1.0, m[0], stddev * 0.005 * 5, "mean of the factor");
    assertEquals(stddev, m[1], stddev * 0.005 * 5, "standard deviation of the factor");
    assertArrayEquals(flat(x), flat(TestUtil.run(new GaussianDropout(0.2, 6L), x, false, null)), "identity at inference");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GaussianDropout(1.0));
    assertTrue(e.getMessage().endsWith("Received: rate=1.0"), e.getMessage());
  }

  /** Mean and standard deviation of {@code v - offset}. */
  static double[] moments(float[] v, double offset) {
    double sum = 0;
    for (float f : v) {
      sum += f - offset;
    }
    double mean = sum / v.length;
    double sq = 0;
    for (float f : v) {
      sq += (f - offset - mean) * (f - offset - mean);
    }
    return new double[] {mean, Math.sqrt(sq / v.length)};
  }
}
