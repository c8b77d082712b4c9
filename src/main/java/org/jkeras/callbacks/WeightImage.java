package org.jkeras.callbacks;

import java.util.Arrays;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Keras's {@code TensorBoard._log_weight_as_image}: a weight laid out as images {@code [k, height,
 * width, channels]} for {@code write_images}, once its dimensions of size 1 are squeezed out:
 *
 * <ul>
 *   <li>a vector (a bias) of {@code n} values is one image {@code n} pixels high, one wide: {@code [1, n, 1, 1]};
 *   <li>a matrix (a Dense kernel) is one image, transposed first when it has more rows than columns;
 *   <li>a 3-D weight (a Conv2D kernel with one input or output channel) is one image per last
 *       index, {@code [c, a, b, 1]} (channels last, shown channels first);
 *   <li>a 4-D weight is taken as images as it is, {@code [kh, kw, in, out]}.
 * </ul>
 *
 * As Keras, a weight whose last dimension is not 1, 3 or 4 after this, or of another rank (a
 * scalar, a 4-D kernel with 32 filters), is not shown.
 */
final class WeightImage {
  private WeightImage() {}

  /** The images of {@code weight}, or null when Keras writes none. */
  static FloatNdArray of(FloatNdArray weight) {
    long[] dims = Arrays.stream(weight.shape().asArray()).filter(d -> d != 1).toArray();
    float[] v = new float[(int) weight.size()];
    weight.copyTo(DataBuffers.of(v, false, false));
    long[] image;
    switch (dims.length) {
      case 1 -> image = new long[] {1, dims[0], 1, 1};
      case 2 -> {
        if (dims[0] > dims[1]) {
          v = transpose2(v, (int) dims[0], (int) dims[1]);
          dims = new long[] {dims[1], dims[0]};
        }
        image = new long[] {1, dims[0], dims[1], 1};
      }
      case 3 -> {
        v = lastAxisFirst(v, (int) dims[0], (int) dims[1], (int) dims[2]);
        image = new long[] {dims[2], dims[0], dims[1], 1};
      }
      case 4 -> image = dims;
      default -> {
        return null;
      }
    }
    long channels = image[3];
    if (channels != 1 && channels != 3 && channels != 4) {
      return null;
    }
    return NdArrays.wrap(Shape.of(image), DataBuffers.of(v, true, false));
  }

  private static float[] transpose2(float[] v, int rows, int cols) {
    float[] out = new float[v.length];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        out[j * rows + i] = v[i * cols + j];
      }
    }
    return out;
  }

  /** {@code (a, b, c)} to {@code (c, a, b)}. */
  private static float[] lastAxisFirst(float[] v, int a, int b, int c) {
    float[] out = new float[v.length];
    for (int i = 0; i < a; i++) {
      for (int j = 0; j < b; j++) {
        for (int k = 0; k < c; k++) {
          out[(k * a + i) * b + j] = v[(i * b + j) * c + k];
        }
      }
    }
    return out;
  }
}
