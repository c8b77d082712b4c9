package org.jkeras.layers;

import java.util.Arrays;
import java.util.List;
import org.jkeras.backend.Shapes;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A dilated 2D convolution (stride 1) as TF's Python {@code tf.nn.convolution} builds it for a
 * dilation rate above 1 ({@code nn_ops._WithSpaceToBatch}): {@code SpaceToBatchND} with the
 * dilation as block shape, a {@code Conv2D} with dilation 1 and padding "valid", then {@code
 * BatchToSpaceND}. Each of the three ops has a correct C++ gradient, which the {@code Conv2D} op
 * with a {@code dilations} attribute has not: its backward pass ignores the attribute (a wrong
 * kernel gradient with padding "same"; with "valid", oneDNN's backward filter kernel dies with
 * SIGILL and takes the JVM with it). Keras on TensorFlow computes the forward pass with the same
 * ops, so the values match too.
 */
final class DilatedConv {
  private DilatedConv() {}

  /**
   * {@code x} (batch, h, w, c) convolved with {@code kernel} (kh, kw, c, filters), dilated by
   * {@code rate}, with Keras's {@code padding} ("valid" or "same").
   */
  static Operand<TFloat32> conv2d(Ops tf, Operand<TFloat32> x, Operand<TFloat32> kernel, int[] kernelSize, int[] rate,
      String padding, String layerName) {
    long h = x.shape().get(1);
    long w = x.shape().get(2);
    if (h < 0 || w < 0) {
      throw new IllegalArgumentException("Layer \"" + layerName + "\" needs inputs of known height and width for"
          + " dilation_rate=" + Arrays.toString(rate) + ". Received: input_shape=" + Shapes.format(x.shape()));
    }
    int[][] base = new int[2][2];
    if (padding.equals("same")) {
      for (int i = 0; i < 2; i++) {
        // _with_space_to_batch_base_paddings: the dilated kernel's extent - 1, the odd one at the end.
        int extra = (kernelSize[i] - 1) * rate[i];
        base[i][0] = extra / 2;
        base[i][1] = extra - extra / 2;
      }
    }
    long[] spatial = {h, w};
    int[][] paddings = new int[2][2];
    int[][] crops = new int[2][2];
    for (int i = 0; i < 2; i++) {
      // array_ops.required_space_to_batch_paddings: pad the end up to a multiple of the block, crop it after.
      long full = spatial[i] + base[i][0] + base[i][1];
      int endExtra = (int) ((rate[i] - full % rate[i]) % rate[i]);
      paddings[i][0] = base[i][0];
      paddings[i][1] = base[i][1] + endExtra;
      crops[i][1] = endExtra;
    }
    Operand<TInt32> block = tf.constant(rate);
    Operand<TFloat32> batched = tf.spaceToBatchNd(x, block, tf.constant(paddings));
    Operand<TFloat32> y = tf.nn.conv2d(batched, kernel, List.of(1L, 1L, 1L, 1L), "VALID",
        Conv2d.dilations(List.of(1L, 1L, 1L, 1L)));
    return tf.batchToSpaceNd(y, block, tf.constant(crops));
  }
}
