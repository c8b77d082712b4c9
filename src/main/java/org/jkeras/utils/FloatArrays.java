package org.jkeras.utils;

import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.buffer.DataBuffers;

/** Checks over host float arrays that need no TF graph. */
public final class FloatArrays {
  private FloatArrays() {}

  /** The number of NaN and infinite values in {@code a}, read one slice of its first axis at a time. */
  public static long countNonFinite(FloatNdArray a) {
    if (a.rank() <= 1) {
      return countNonFinite(read(a));
    }
    long n = 0;
    for (long i = 0; i < a.shape().get(0); i++) {
      n += countNonFinite(a.get(i));
    }
    return n;
  }

  private static float[] read(FloatNdArray a) {
    float[] values = new float[(int) a.size()];
    a.copyTo(DataBuffers.of(values, false, false));
    return values;
  }

  private static long countNonFinite(float[] values) {
    long n = 0;
    for (float v : values) {
      if (!Float.isFinite(v)) {
        n++;
      }
    }
    return n;
  }
}
