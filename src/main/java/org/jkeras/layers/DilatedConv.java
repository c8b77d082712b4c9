package org.jkeras.layers;

import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.jkeras.backend.Shapes;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A dilated convolution (stride 1) as TF's Python {@code tf.nn.convolution} and {@code
 * tf.nn.depthwise_conv2d} build it for a dilation rate above 1 ({@code nn_ops.with_space_to_batch}):
 * {@code SpaceToBatchND} with the dilation as block shape, the convolution with dilation 1 and
 * padding "valid", then {@code BatchToSpaceND}. Each of the three ops has a correct C++ gradient,
 * which the convolution ops with a {@code dilations} attribute have not: the backward pass of
 * {@code Conv2D} ignores the attribute (a wrong kernel gradient with padding "same"; with "valid",
 * oneDNN's backward filter kernel dies with SIGILL and takes the JVM with it). Keras on TensorFlow
 * computes the forward pass with the same ops, so the values match too.
 */
final class DilatedConv {
  private DilatedConv() {}

  /**
   * {@code op} (a convolution with padding "valid" and stride 1) applied to {@code x} (batch,
   * spatial..., channels) as a convolution of a kernel of {@code kernelSize} dilated by {@code rate},
   * with Keras's {@code padding} ("valid" or "same"). One rate per spatial axis.
   */
  static Operand<TFloat32> withSpaceToBatch(Ops tf, Operand<TFloat32> x, int[] kernelSize, int[] rate, String padding,
      String layerName, UnaryOperator<Operand<TFloat32>> op) {
    int n = rate.length;
    long[] spatial = new long[n];
    for (int i = 0; i < n; i++) {
      spatial[i] = x.shape().get(i + 1);
      if (spatial[i] < 0) {
        throw new IllegalArgumentException("Layer \"" + layerName + "\" needs inputs of known spatial size for"
            + " dilation_rate=" + Arrays.toString(rate) + ". Received: input_shape=" + Shapes.format(x.shape()));
      }
    }
    int[][] paddings = new int[n][2];
    int[][] crops = new int[n][2];
    for (int i = 0; i < n; i++) {
      int before = 0;
      int after = 0;
      if (padding.equals("same")) {
        // _with_space_to_batch_base_paddings: the dilated kernel's extent - 1, the odd one at the end.
        int extra = (kernelSize[i] - 1) * rate[i];
        before = extra / 2;
        after = extra - extra / 2;
      }
      // array_ops.required_space_to_batch_paddings: pad the end up to a multiple of the block, crop it after.
      long full = spatial[i] + before + after;
      int endExtra = (int) ((rate[i] - full % rate[i]) % rate[i]);
      paddings[i][0] = before;
      paddings[i][1] = after + endExtra;
      crops[i][1] = endExtra;
    }
    Operand<TInt32> block = tf.constant(rate);
    Operand<TFloat32> batched = tf.spaceToBatchNd(x, block, tf.constant(paddings));
    return tf.batchToSpaceNd(op.apply(batched), block, tf.constant(crops));
  }
}
