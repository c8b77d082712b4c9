package org.jkeras.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.jkeras.TestUtil;
import org.jkeras.random.Seeds;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

class ArrayDatasetTest {

  private static ArrayDataset rows(int n, int batchSize) {
    FloatNdArray x = NdArrays.ofFloats(Shape.of(n, 2));
    FloatNdArray y = NdArrays.ofFloats(Shape.of(n, 1));
    for (int i = 0; i < n; i++) {
      x.setFloat(i, i, 0);
      x.setFloat(-i, i, 1);
      y.setFloat(i % 2, i, 0);
    }
    return new ArrayDataset(x, y, batchSize, false);
  }

  private static List<float[]> pass(ArrayDataset d, List<FloatNdArray> arrays) {
    List<float[]> out = new ArrayList<>();
    try (BatchIterator it = d.iterator()) {
      while (it.hasNext()) {
        Batch b = it.next();
        arrays.add(b.x());
        out.add(TestUtil.flat(b.x()));
      }
    }
    return out;
  }

  @Test
  void batchesInOrderWithAPartialLastOne() {
    List<float[]> batches = pass(rows(5, 2), new ArrayList<>());
    assertEquals(3, batches.size());
    assertArrayEquals(new float[] {0, 0, 1, -1}, batches.get(0));
    assertArrayEquals(new float[] {2, -2, 3, -3}, batches.get(1));
    assertArrayEquals(new float[] {4, -4}, batches.get(2));
  }

  @Test
  void aNewPassReusesTheBatchArraysOfTheLastClosedOne() {
    ArrayDataset d = rows(5, 2);
    List<FloatNdArray> first = new ArrayList<>();
    List<FloatNdArray> second = new ArrayList<>();
    List<float[]> a = pass(d, first);
    List<float[]> b = pass(d, second);
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i), b.get(i));
    }
    assertSame(first.get(0), second.get(0), "the full-size batch array of the first pass serves the second");
    // Two passes open at once (e.g. training and validation of one dataset) do not share arrays.
    try (BatchIterator one = d.iterator(); BatchIterator two = d.iterator()) {
      assertNotSame(one.next().x(), two.next().x());
    }
  }
  /**
   * fit(x, y, shuffle=True) on arrays as Keras on TensorFlow: each pass is the next {@code
   * tf.random.shuffle(tf.range(n), seed=5)} (TF's RandomShuffle kernel; the orders below are TF
   * 2.18's, printed by Python), the same passes for the same seed, a new permutation every pass.
   */
  @Test
  void shuffledPassesAreTfRandomShufflesOfTheSampleNumbersAsKeras() {
    Seeds.resetGlobalSeed(); // printed by Python without a global seed; another test may have set one
    FloatNdArray x = NdArrays.ofFloats(Shape.of(10, 1));
    for (int i = 0; i < 10; i++) {
      x.setFloat(i, i, 0);
    }
    try (ArrayDataset d = new ArrayDataset(x, null, 4, true, 5L, null)) {
      assertArrayEquals(new float[] {1, 3, 2, 7, 6, 9, 0, 5, 8, 4}, concat(pass(d, new ArrayList<>())));
      assertArrayEquals(new float[] {8, 4, 7, 1, 9, 6, 0, 5, 3, 2}, concat(pass(d, new ArrayList<>())));
      assertArrayEquals(new float[] {3, 5, 2, 4, 0, 1, 7, 8, 9, 6}, concat(pass(d, new ArrayList<>())));
    }
  }

  private static float[] concat(List<float[]> batches) {
    float[] out = new float[batches.stream().mapToInt(b -> b.length).sum()];
    int k = 0;
    for (float[] b : batches) {
      System.arraycopy(b, 0, out, k, b.length);
      k += b.length;
    }
    return out;
  }
}
