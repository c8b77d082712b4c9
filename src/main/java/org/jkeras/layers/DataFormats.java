package org.jkeras.layers;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code data_format} for the convolution and pooling layers: "channels_last" (batch,
 * spatial..., channels) is what TF's CPU kernels compute; "channels_first" (batch, channels,
 * spatial...) is computed as Keras's TF backend does for the ops whose CPU kernels lack it (pooling,
 * depthwise): transposed to channels last, computed, transposed back. jkeras does so for every
 * layer, so one code path per layer serves both layouts.
 */
final class DataFormats {
  private DataFormats() {}

  static final String CHANNELS_LAST = "channels_last";
  static final String CHANNELS_FIRST = "channels_first";

  /** (batch, channels, spatial...) to (batch, spatial..., channels). */
  static Operand<TFloat32> toChannelsLast(Ops tf, Operand<TFloat32> x) {
    int rank = x.shape().numDimensions();
    int[] perm = new int[rank];
    for (int i = 1; i < rank - 1; i++) {
      perm[i] = i + 1;
    }
    perm[rank - 1] = 1;
    return tf.linalg.transpose(x, tf.constant(perm));
  }

  /** (batch, spatial..., channels) to (batch, channels, spatial...). */
  static Operand<TFloat32> toChannelsFirst(Ops tf, Operand<TFloat32> y) {
    int rank = y.shape().numDimensions();
    int[] perm = new int[rank];
    perm[1] = rank - 1;
    for (int i = 2; i < rank; i++) {
      perm[i] = i - 1;
    }
    return tf.linalg.transpose(y, tf.constant(perm));
  }

  /** The channels-last form of a shape in {@code dataFormat}. */
  static Shape channelsLast(Shape s, String dataFormat) {
    if (CHANNELS_LAST.equals(dataFormat)) {
      return s;
    }
    long[] d = s.asArray();
    long[] out = new long[d.length];
    out[0] = d[0];
    System.arraycopy(d, 2, out, 1, d.length - 2);
    out[d.length - 1] = d[1];
    return Shape.of(out);
  }

  /** A channels-last shape, written in {@code dataFormat}. */
  static Shape fromChannelsLast(Shape s, String dataFormat) {
    if (CHANNELS_LAST.equals(dataFormat)) {
      return s;
    }
    long[] d = s.asArray();
    long[] out = new long[d.length];
    out[0] = d[0];
    out[1] = d[d.length - 1];
    System.arraycopy(d, 1, out, 2, d.length - 2);
    return Shape.of(out);
  }
}
