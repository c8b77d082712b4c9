package org.jkeras.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.jkeras.TestUtil;
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
}
