package org.jkeras.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jkeras.backend.DTypes;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.index.Index;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TFloat32;

/**
 * The convolution ops of Keras's TF backend ({@code ops.conv}, {@code ops.depthwise_conv}), built
 * as TF's Python builds them, on channels-last inputs (batch, spatial..., channels); {@link
 * DataFormats} turns channels-first inputs around them.
 */
final class Convolutions {
  private Convolutions() {}

  /**
   * Keras's {@code ops.conv}: {@code x} convolved with {@code kernel} (spatial..., in_channels /
   * groups, filters), for 1, 2 or 3 spatial axes. A dilated convolution goes through {@link
   * DilatedConv} (stride 1, as Keras requires); a grouped one ({@code groups} above 1) is computed
   * group by group and concatenated, the same sums as XLA's grouped convolution that Keras runs
   * (TF's CPU kernels have none).
   */
  static Operand<TFloat32> conv(Ops tf, Operand<TFloat32> x, Operand<TFloat32> kernel, int[] kernelSize, int[] strides,
      String padding, int[] dilation, int groups, String layerName) {
    if (groups > 1) {
      int last = x.shape().numDimensions() - 1;
      List<Output<TFloat32>> xs = tf.split(tf.constant(last), x, (long) groups).output();
      List<Output<TFloat32>> ks = tf.split(tf.constant(kernelSize.length + 1), kernel, (long) groups).output();
      List<Operand<TFloat32>> ys = new ArrayList<>();
      for (int g = 0; g < groups; g++) {
        ys.add(conv(tf, xs.get(g), ks.get(g), kernelSize, strides, padding, dilation, 1, layerName));
      }
      return tf.concat(ys, tf.constant(last));
    }
    if (dilated(dilation)) {
      return DilatedConv.withSpaceToBatch(tf, x, kernelSize, dilation, padding, layerName,
          b -> plainConv(tf, b, kernel, Configs.ones(strides.length), "valid"));
    }
    return plainConv(tf, x, kernel, strides, padding);
  }

  /**
   * TF's {@code Conv2D}; {@code Conv1D} as TF's {@code conv1d} (a height of 1 added to the input
   * and the kernel, then squeezed), {@code Conv3D} with the gradient {@link Conv3DGradient} gives it.
   */
  static Operand<TFloat32> plainConv(Ops tf, Operand<TFloat32> x, Operand<TFloat32> kernel, int[] strides, String padding) {
    String pad = padding.toUpperCase(Locale.ROOT);
    switch (strides.length) {
      case 1: {
        Operand<TFloat32> x4 = tf.expandDims(x, tf.constant(1));
        Operand<TFloat32> k4 = tf.expandDims(kernel, tf.constant(0));
        Operand<TFloat32> y = tf.nn.conv2d(x4, k4, List.of(1L, 1L, (long) strides[0], 1L), pad);
        return tf.squeeze(y, Squeeze.axis(List.of(1L)));
      }
      case 2:
        return tf.nn.conv2d(x, kernel, List.of(1L, (long) strides[0], (long) strides[1], 1L), pad);
      case 3:
        Conv3DGradient.register();
        return tf.nn.conv3d(x, kernel, List.of(1L, (long) strides[0], (long) strides[1], (long) strides[2], 1L), pad);
      default:
        throw new IllegalArgumentException("Convolutions take 1, 2 or 3 spatial axes. Received: strides of length "
            + strides.length);
    }
  }

  /**
   * Keras's {@code ops.depthwise_conv} on (batch, h, w, channels) with {@code kernel} (kh, kw,
   * channels, depth_multiplier): TF's {@code DepthwiseConv2dNative}, dilated through {@link
   * DilatedConv}; with strides and dilation both above 1, as Keras's TF backend does it: the
   * dilated convolution at stride 1 on explicitly padded inputs, then every {@code strides}-th
   * output.
   */
  static Operand<TFloat32> depthwise(Ops tf, Operand<TFloat32> x, Operand<TFloat32> kernel, int[] kernelSize,
      int[] strides, String padding, int[] dilation, String layerName) {
    if (!dilated(dilation)) {
      return depthwiseNative(tf, x, kernel, strides, padding);
    }
    if (!dilated(strides)) {
      return DilatedConv.withSpaceToBatch(tf, x, kernelSize, dilation, padding, layerName,
          b -> depthwiseNative(tf, b, kernel, Configs.ones(2), "valid"));
    }
    Operand<TFloat32> in = x;
    if (padding.equals("same")) {
      int[][] pads = new int[4][2];
      for (int i = 0; i < 2; i++) {
        long n = x.shape().get(i + 1);
        long effective = (long) (kernelSize[i] - 1) * dilation[i] + 1;
        long out = (n + strides[i] - 1) / strides[i];
        long total = Math.max((out - 1) * strides[i] + effective - n, 0);
        pads[i + 1][0] = (int) (total / 2);
        pads[i + 1][1] = (int) (total - total / 2);
      }
      in = tf.pad(x, tf.constant(pads), DTypes.constantLike(tf, 0, x));
    }
    Operand<TFloat32> y = DilatedConv.withSpaceToBatch(tf, in, kernelSize, dilation, "valid", layerName,
        b -> depthwiseNative(tf, b, kernel, Configs.ones(2), "valid"));
    Index all = Indices.all();
    return tf.stridedSlice(y, all, Indices.slice(null, null, strides[0]), Indices.slice(null, null, strides[1]), all);
  }

  private static Operand<TFloat32> depthwiseNative(Ops tf, Operand<TFloat32> x, Operand<TFloat32> kernel, int[] strides,
      String padding) {
    return tf.nn.depthwiseConv2dNative(x, kernel, List.of(1L, (long) strides[0], (long) strides[1], 1L),
        padding.toUpperCase(Locale.ROOT));
  }

  static boolean dilated(int[] rates) {
    for (int r : rates) {
      if (r > 1) {
        return true;
      }
    }
    return false;
  }
}
