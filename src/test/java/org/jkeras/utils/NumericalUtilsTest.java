package org.jkeras.utils;

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
import org.tensorflow.ndarray.StdArrays;

/** keras.utils.to_categorical and normalize; the parity suite (keras3_utils) compares them with Keras. */
class NumericalUtilsTest {

  @Test
  void toCategoricalAppendsTheClassAxisAndDropsATrailingOne() {
    FloatNdArray v = StdArrays.ndCopyOf(new float[] {0, 2, 1});
    FloatNdArray c = NumericalUtils.toCategorical(v);
    assertEquals(Shape.of(3, 3), c.shape());
    assertArrayEquals(new float[] {1, 0, 0, 0, 0, 1, 0, 1, 0}, flat(c));
    FloatNdArray column = TestUtil.array(new float[] {1}, new float[] {3});
    FloatNdArray c5 = NumericalUtils.toCategorical(column, 5);
    assertEquals(Shape.of(2, 5), c5.shape(), "(n, 1) gives (n, num_classes), as Keras");
    assertArrayEquals(new float[] {0, 1, 0, 0, 0, 0, 0, 0, 1, 0}, flat(c5));
    assertEquals(Shape.of(2, 2, 4), NumericalUtils.toCategorical(TestUtil.array(new float[] {0, 3}, new float[] {1, 1})).shape());
    assertArrayEquals(new float[] {0, 1}, flat(NumericalUtils.toCategorical(StdArrays.ndCopyOf(new float[] {1.7f}), 2)),
        "truncated as numpy's astype(int64)");
  }

  @Test
  void toCategoricalRefusesLabelsOutOfRange() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NumericalUtils.toCategorical(StdArrays.ndCopyOf(new float[] {0, 3}), 3));
    assertTrue(e.getMessage().contains("num_classes=3"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> NumericalUtils.toCategorical(StdArrays.ndCopyOf(new float[] {-1})));
    assertTrue(e.getMessage().contains("x[0]=-1.0"), e.getMessage());
  }

  @Test
  void normalizeDividesByTheNormAlongTheAxis() {
    FloatNdArray x = TestUtil.array(new float[] {3, 4}, new float[] {0, 0}, new float[] {1, -1});
    assertArrayEquals(new float[] {0.6f, 0.8f, 0, 0, (float) (1 / Math.sqrt(2)), (float) (-1 / Math.sqrt(2))},
        flat(NumericalUtils.normalize(x)), 1e-7f);
    assertArrayEquals(new float[] {3 / 7f, 4 / 7f, 0, 0, 0.5f, -0.5f}, flat(NumericalUtils.normalize(x, 1, 1)), 1e-7f);
    // axis 0 of a (3, 2) array: each column by its norm (Keras's numpy path cannot, see the Javadoc)
    FloatNdArray cols = NumericalUtils.normalize(x, 0, 2);
    assertEquals(3 / (float) Math.sqrt(10), cols.getFloat(0, 0), 1e-7f);
    assertEquals(-1 / (float) Math.sqrt(17), cols.getFloat(2, 1), 1e-7f);
    FloatNdArray cube = NdArrays.ofFloats(Shape.of(2, 3, 2));
    cube.setFloat(2f, 1, 2, 1);
    assertEquals(1f, NumericalUtils.normalize(cube, -2, 3).getFloat(1, 2, 1));
    assertThrows(IllegalArgumentException.class, () -> NumericalUtils.normalize(x, 2, 2));
    assertThrows(IllegalArgumentException.class, () -> NumericalUtils.normalize(x, -1, 0));
  }
}
