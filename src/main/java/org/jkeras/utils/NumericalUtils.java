package org.jkeras.utils;

import java.util.Arrays;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Keras's {@code keras.utils.to_categorical} and {@code keras.utils.normalize} on host arrays, as
 * Keras computes them on numpy arrays (its {@code numerical_utils}).
 */
public final class NumericalUtils {
  private NumericalUtils() {}

  /** {@code to_categorical(y)}: the number of classes is {@code max(y) + 1}. */
  public static FloatNdArray toCategorical(FloatNdArray y) {
    return toCategorical(y, 0);
  }

  /**
   * Keras's {@code to_categorical(y, num_classes)}: one-hot rows of {@code numClasses} (0: {@code
   * max(y) + 1}) appended as the last axis; a trailing axis of size 1 is dropped first ({@code
   * (n, 1)} gives {@code (n, num_classes)}), and labels are truncated to integers as numpy's {@code
   * astype("int64")}. A negative label or one {@code >= num_classes} is an error (numpy would count a
   * negative one from the end).
   */
  public static FloatNdArray toCategorical(FloatNdArray y, int numClasses) {
    if (numClasses < 0) {
      throw new IllegalArgumentException("`num_classes` must be a positive integer. Received: num_classes=" + numClasses);
    }
    Shape shape = y.shape();
    if (shape.numDimensions() > 1 && shape.get(shape.numDimensions() - 1) == 1) {
      shape = Shape.of(Arrays.copyOf(shape.asArray(), shape.numDimensions() - 1));
    }
    float[] labels = new float[(int) y.size()];
    y.copyTo(DataBuffers.of(labels, false, false));
    long[] classes = new long[labels.length];
    long max = -1;
    for (int i = 0; i < labels.length; i++) {
      float v = labels[i];
      if (!Float.isFinite(v) || v <= -1) {
        throw new IllegalArgumentException(
            "`to_categorical` needs class indices from 0 to num_classes - 1. Received: x[" + i + "]=" + v);
      }
      classes[i] = (long) v;
      max = Math.max(max, classes[i]);
    }
    int n = numClasses > 0 ? numClasses : (int) (max + 1);
    if (max >= n) {
      throw new IllegalArgumentException("`to_categorical` needs class indices from 0 to num_classes - 1 = " + (n - 1)
          + ". Received: a label " + max + " with num_classes=" + n);
    }
    float[] out = new float[Math.multiplyExact(classes.length, n)];
    for (int i = 0; i < classes.length; i++) {
      out[i * n + (int) classes[i]] = 1f;
    }
    return NdArrays.wrap(shape.append(n), DataBuffers.of(out, false, false));
  }

  /** {@code normalize(x)}: each vector along the last axis divided by its L2 norm. */
  public static FloatNdArray normalize(FloatNdArray x) {
    return normalize(x, -1, 2);
  }

  /**
   * Keras's {@code normalize(x, axis, order)} on a numpy array: {@code x / norm(x, order, axis)},
   * the norm taken as numpy's {@code linalg.norm} ({@code order} 1: sum of absolute values, 2:
   * Euclidean, p: {@code (sum |x|^p)^(1/p)}), a zero norm counted as 1 (a zero vector stays zero).
   * The norm is summed in double then rounded to float32 (numpy sums in float32: the results agree
   * to about 1e-7, relatively). {@code axis} may be negative. Keras's numpy path turns {@code
   * axis=0} into -1 when dividing ({@code axis or -1}); jkeras normalises along axis 0, as Keras
   * does on a tensor.
   */
  public static FloatNdArray normalize(FloatNdArray x, int axis, int order) {
    int rank = x.shape().numDimensions();
    if (rank == 0) {
      throw new IllegalArgumentException("`normalize` needs an array of rank >= 1. Received: x.shape=()");
    }
    int a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) {
      throw new IllegalArgumentException("`axis` must be in [" + -rank + ", " + rank + "). Received: axis=" + axis);
    }
    if (order < 1) {
      throw new IllegalArgumentException("Argument `order` must be an int >= 1. Received: order=" + order);
    }
    long[] dims = x.shape().asArray();
    int len = (int) dims[a];
    int inner = 1;
    for (int d = a + 1; d < rank; d++) {
      inner *= (int) dims[d];
    }
    int outer = (int) (x.size() / ((long) len * inner));
    float[] v = new float[(int) x.size()];
    x.copyTo(DataBuffers.of(v, false, false));
    float[] out = new float[v.length];
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int base = o * len * inner + i;
        double sum = 0;
        for (int k = 0; k < len; k++) {
          double e = Math.abs((double) v[base + k * inner]);
          sum += order == 1 ? e : order == 2 ? e * e : Math.pow(e, order);
        }
        float norm = (float) (order == 1 ? sum : order == 2 ? Math.sqrt(sum) : Math.pow(sum, 1.0 / order));
        if (norm == 0f) {
          norm = 1f;
        }
        for (int k = 0; k < len; k++) {
          out[base + k * inner] = v[base + k * inner] / norm;
        }
      }
    }
    return NdArrays.wrap(x.shape(), DataBuffers.of(out, false, false));
  }
}
