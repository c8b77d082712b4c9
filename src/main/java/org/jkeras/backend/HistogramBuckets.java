package org.jkeras.backend;

/**
 * The buckets of TensorBoard's {@code tf.summary.histogram} (its v2 format, which Keras's
 * TensorBoard callback writes): {@code count} buckets of equal width from the data's minimum to
 * its maximum, each a row {@code (left, right, count)}, in float64 as TensorBoard computes them so
 * that the same weights give the same buckets.
 *
 * <ul>
 *   <li>A value goes to bucket {@code floor((x - min) / width)}, the maximum to the last bucket.
 *   <li>Edges are {@code min + i * width} ({@code tf.linspace}), the last edge exactly the maximum.
 *   <li>All values equal: every edge is that value, and the last bucket counts them all.
 *   <li>No values: {@code count} rows of zeros.
 * </ul>
 */
final class HistogramBuckets {
  /** tf.summary.histogram's default number of buckets. */
  static final int DEFAULT_COUNT = 30;

  private HistogramBuckets() {}

  static double[][] of(float[] data, int count) {
    double[][] rows = new double[count][3];
    if (data.length == 0 || count == 0) {
      return rows;
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (float x : data) {
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    double range = max - min;
    if (range == 0) {
      for (double[] r : rows) {
        r[0] = max;
        r[1] = max;
      }
      rows[count - 1][2] = data.length;
      return rows;
    }
    double width = range / count;
    for (float x : data) {
      int i = (int) Math.floor((x - min) / width);
      rows[Math.min(i, count - 1)][2]++;
    }
    for (int i = 0; i < count; i++) {
      rows[i][0] = i == 0 ? min : min + width * i;
      rows[i][1] = i == count - 1 ? max : min + width * (i + 1);
    }
    return rows;
  }
}
