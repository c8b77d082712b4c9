package org.jkeras.layers;

import java.util.Locale;
import java.util.Map;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code MaxPooling2D(pool_size=(2, 2), strides=None, padding="valid")}, channels last.
 *
 * <p>Built as TF's {@code MaxPool} op, as Keras's {@code tf.nn.max_pool2d}, not TF-Java's
 * {@code tf.nn.maxPool} ({@code MaxPoolV2}, window and strides as tensors): TF's oneDNN rewrite
 * only takes {@code MaxPool}, so with V2 the pooling and its gradient ({@code MaxPoolGradV2}) run
 * as Eigen kernels, the slowest part of the seed CNN's training step after the convolutions
 * (src/bench/NOTES.md). The values are the same: a maximum is exact.
 */
public class MaxPooling2D extends Pooling2D {

  /** @param poolSize (height, width), one int for a square window, or nothing for (2, 2) */
  public MaxPooling2D(int... poolSize) {
    super(poolSize);
  }

  @Override
  @SuppressWarnings("unchecked")
  protected Operand<TFloat32> pool(Ops tf, Operand<TFloat32> x) {
    Output<?> y = tf.scope().opBuilder("MaxPool", "MaxPool")
        .addInput(x.asOutput())
        .setAttr("ksize", new long[] {1, poolSize[0], poolSize[1], 1})
        .setAttr("strides", new long[] {1, strides[0], strides[1], 1})
        .setAttr("padding", padding.toUpperCase(Locale.ROOT))
        .build()
        .output(0);
    return (Output<TFloat32>) y;
  }

  /** Keras's {@code from_config}. */
  public static MaxPooling2D fromConfig(Map<String, Object> config) {
    Config c = Config.of("MaxPooling2D", config);
    return withPoolingConfig(new MaxPooling2D(c.has("pool_size") ? c.getInts("pool_size") : new int[0]), c);
  }
}
