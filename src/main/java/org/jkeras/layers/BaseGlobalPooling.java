package org.jkeras.layers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.Shapes;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code BaseGlobalPooling(data_format=None, keepdims=False)}: the mean or the maximum of
 * each channel over all spatial axes, (batch, spatial..., c) to (batch, c), or (batch, 1..., c)
 * with {@code keepdims}. {@link GlobalAveragePooling1D}, {@link GlobalAveragePooling2D}, {@link
 * GlobalMaxPooling1D} and {@link GlobalMaxPooling2D} are this with a mode and 1 or 2 spatial axes.
 *
 * @param <L> the concrete layer class
 */
public abstract class BaseGlobalPooling<L extends BaseGlobalPooling<L>> extends Layer {
  private final int rank;
  private final boolean max;
  private String dataFormat = DataFormats.CHANNELS_LAST;
  private boolean keepdims;

  /**
   * @param rank the number of spatial axes
   * @param max the maximum, else the mean
   */
  protected BaseGlobalPooling(int rank, boolean max) {
    this.rank = rank;
    this.max = max;
  }

  /** {@code this}, as the concrete class. */
  protected abstract L self();

  /** Keras's {@code data_format}: "channels_last" (the default) or "channels_first". */
  public L dataFormat(String dataFormat) {
    this.dataFormat = Configs.dataFormat(dataFormat);
    return self();
  }

  /** Keras's {@code keepdims}: keep the pooled axes with size 1. */
  public L keepdims(boolean keepdims) {
    this.keepdims = keepdims;
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

  public String dataFormat() {
    return dataFormat;
  }

  public boolean keepdims() {
    return keepdims;
  }

  private int[] axes() {
    int[] a = new int[rank];
    int first = DataFormats.CHANNELS_LAST.equals(dataFormat) ? 1 : 2;
    for (int i = 0; i < rank; i++) {
      a[i] = first + i;
    }
    return a;
  }

  @Override
  protected void validateInputShape(Shape inputShape) {
    if (inputShape.numDimensions() != rank + 2) {
      throw new IllegalArgumentException("Input 0 of layer \"" + name() + "\" is incompatible with the layer: expected ndim="
          + (rank + 2) + ", found ndim=" + inputShape.numDimensions() + ". Full shape received: " + Shapes.format(inputShape));
    }
  }

  @Override
  protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    return max ? tf.max(x, tf.constant(axes()), Max.keepDims(keepdims))
        : tf.math.mean(x, tf.constant(axes()), Mean.keepDims(keepdims));
  }

  /** Computes in any float dtype (mixed precision): a max or a mean over the spatial axes. */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  public Shape computeOutputShape(Shape s) {
    if (keepdims) {
      long[] d = s.asArray().clone();
      for (int a : axes()) {
        d[a] = 1;
      }
      return Shape.of(d);
    }
    return DataFormats.CHANNELS_LAST.equals(dataFormat) ? Shape.of(s.get(0), s.get(rank + 1)) : Shape.of(s.get(0), s.get(1));
  }

  /** Keras builds this layer when it is made: its saved config has no {@code build_config}. */
  @Override
  protected boolean buildsAtInit() {
    return true;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("data_format", dataFormat);
    c.put("keepdims", keepdims);
    return c;
  }

  /** For a subclass's {@code fromConfig}: data format, keepdims and the base layer's arguments. */
  protected static <P extends BaseGlobalPooling<P>> P withGlobalPoolingConfig(P layer, Config config) {
    layer.dataFormat(config.getString("data_format", DataFormats.CHANNELS_LAST)).keepdims(config.getBoolean("keepdims", false));
    return withBaseConfig(layer, config);
  }
}
