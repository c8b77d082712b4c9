package org.jkeras.layers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.Shapes;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code BasePooling}: {@link MaxPooling1D}, {@link MaxPooling2D}, {@link AveragePooling1D}
 * and {@link AveragePooling2D} are this with a mode ("max" or "average") and 1 or 2 spatial axes.
 * {@code strides} default to the pool size; channels-first inputs are transposed around the
 * pooling, as Keras's TF backend does (TF's CPU pooling kernels take channels last only).
 *
 * <p>Built as TF's Python builds it: the {@code MaxPool} and {@code AvgPool} ops, 1D pooling over a
 * height of 1 ({@code max_pool1d}). {@code MaxPool}, not TF-Java's {@code tf.nn.maxPool} ({@code
 * MaxPoolV2}, window and strides as tensors): TF's oneDNN rewrite only takes {@code MaxPool}, so
 * with V2 the pooling and its gradient ({@code MaxPoolGradV2}) run as Eigen kernels, the slowest
 * part of the seed CNN's training step after the convolutions (src/bench/NOTES.md). The values are
 * the same: a maximum is exact.
 *
 * @param <L> the concrete layer class
 */
public abstract class BasePooling<L extends BasePooling<L>> extends Layer {
  private final int rank;
  private final boolean max;
  private final int[] poolSize;
  private int[] strides;
  private String padding = "valid";
  private String dataFormat = DataFormats.CHANNELS_LAST;

  /**
   * @param rank the number of spatial axes
   * @param max max pooling, else average pooling
   * @param poolSize the window: one int per axis, one for all, or none for 2
   */
  protected BasePooling(int rank, boolean max, int[] poolSize) {
    this.rank = rank;
    this.max = max;
    this.poolSize = Configs.tuple("pool_size", poolSize.length == 0 ? new int[] {2} : poolSize, rank);
    this.strides = this.poolSize.clone();
  }

  /** {@code this}, as the concrete class. */
  protected abstract L self();

  /** Strides; Keras's default (None) is the pool size. */
  public L strides(int... strides) {
    this.strides = Configs.tuple("strides", strides, rank);
    return self();
  }

  public L padding(String padding) {
    this.padding = Configs.padding(padding);
    return self();
  }

  /** Keras's {@code data_format}: "channels_last" (the default) or "channels_first". */
  public L dataFormat(String dataFormat) {
    this.dataFormat = Configs.dataFormat(dataFormat);
    return self();
  }

  @Override
  public L name(String name) {
    super.name(name);
    return self();
  }

  @Override
  public L inputShape(int... shape) {
    super.inputShape(shape);
    return self();
  }

  public int[] poolSize() {
    return poolSize.clone();
  }

  public int[] strides() {
    return strides.clone();
  }

  public String padding() {
    return padding;
  }

  public String dataFormat() {
    return dataFormat;
  }

  @Override
  protected void validateInputShape(Shape inputShape) {
    if (inputShape.numDimensions() != rank + 2) {
      throw new IllegalArgumentException("Input 0 of layer \"" + name() + "\" is incompatible with the layer: expected ndim="
          + (rank + 2) + ", found ndim=" + inputShape.numDimensions() + ". Full shape received: " + Shapes.format(inputShape));
    }
    Shape out = DataFormats.channelsLast(computeOutputShape(inputShape), dataFormat);
    for (int i = 1; i <= rank; i++) {
      if (out.get(i) == 0) {
        throw new IllegalArgumentException("Computed output size would be zero for layer \"" + name() + "\": pool_size="
            + Arrays.toString(poolSize) + " does not fit input shape " + Shapes.format(inputShape));
      }
    }
  }

  @Override
  protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    boolean first = DataFormats.CHANNELS_FIRST.equals(dataFormat);
    Operand<TFloat32> in = first ? DataFormats.toChannelsLast(tf, x) : x;
    Operand<TFloat32> y = rank == 1
        ? tf.squeeze(pool(tf, tf.expandDims(in, tf.constant(1)), new int[] {1, poolSize[0]}, new int[] {1, strides[0]}),
            Squeeze.axis(List.of(1L)))
        : pool(tf, in, poolSize, strides);
    return first ? DataFormats.toChannelsFirst(tf, y) : y;
  }

  /** {@code MaxPool} or {@code AvgPool} on (batch, h, w, channels). */
  @SuppressWarnings("unchecked")
  private Operand<TFloat32> pool(Ops tf, Operand<TFloat32> x, int[] window, int[] step) {
    Output<?> y = tf.scope().opBuilder(max ? "MaxPool" : "AvgPool", max ? "MaxPool" : "AvgPool")
        .addInput(x.asOutput())
        .setAttr("ksize", new long[] {1, window[0], window[1], 1})
        .setAttr("strides", new long[] {1, step[0], step[1], 1})
        .setAttr("padding", padding.toUpperCase(Locale.ROOT))
        .build()
        .output(0);
    return (Output<TFloat32>) y;
  }

  /** Computes in any float dtype (mixed precision): TF's MaxPool and AvgPool have bfloat16 and float16 CPU kernels. */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    Shape in = DataFormats.channelsLast(inputShape, dataFormat);
    long[] out = in.asArray().clone();
    for (int i = 0; i < rank; i++) {
      out[i + 1] = Configs.outputLength(in.get(i + 1), poolSize[i], padding, strides[i], 1);
    }
    return DataFormats.fromChannelsLast(Shape.of(out), dataFormat);
  }

  /** Keras builds this layer when it is made: its saved config has no {@code build_config}. */
  @Override
  protected boolean buildsAtInit() {
    return true;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("pool_size", Configs.list(poolSize));
    c.put("padding", padding);
    c.put("strides", Configs.list(strides));
    c.put("data_format", dataFormat);
    return c;
  }

  /** For a subclass's {@code fromConfig}: strides, padding, data format and the base layer's arguments. */
  protected static <P extends BasePooling<P>> P withPoolingConfig(P layer, Config config) {
    if (config.has("strides") && config.get("strides") != null) {
      layer.strides(config.getInts("strides"));
    }
    layer.padding(config.getString("padding", "valid"));
    layer.dataFormat(config.getString("data_format", DataFormats.CHANNELS_LAST));
    return withBaseConfig(layer, config);
  }
}
