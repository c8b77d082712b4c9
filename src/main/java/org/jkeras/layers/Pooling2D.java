package org.jkeras.layers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.Shapes;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Shared base of {@link MaxPooling2D} and {@link AveragePooling2D} (Keras's {@code BasePooling}). */
public abstract class Pooling2D extends Layer {
  protected final int[] poolSize;
  protected int[] strides;
  protected String padding = "valid";

  protected Pooling2D(int[] poolSize) {
    this.poolSize = Configs.tuple("pool_size", poolSize.length == 0 ? new int[] {2, 2} : poolSize, 2);
    this.strides = this.poolSize.clone();
  }

  /** Strides; Keras's default (None) is the pool size. */
  public Pooling2D strides(int... strides) {
    this.strides = Configs.tuple("strides", strides, 2);
    return this;
  }

  public Pooling2D padding(String padding) {
    this.padding = Configs.padding(padding);
    return this;
  }

  @Override
  public Pooling2D name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public Pooling2D inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  public int[] poolSize() {
    return poolSize.clone();
  }

  @Override
  protected void validateInputShape(Shape inputShape) {
    if (inputShape.numDimensions() != 4) {
      throw new IllegalArgumentException(
          "Input 0 of layer \"" + name() + "\" is incompatible with the layer: expected ndim=4, found ndim="
              + inputShape.numDimensions() + ". Full shape received: " + Shapes.format(inputShape));
    }
    Shape out = computeOutputShape(inputShape);
    if (out.get(1) == 0 || out.get(2) == 0) {
      throw new IllegalArgumentException(
          "Computed output size would be zero for layer \"" + name() + "\": pool_size="
              + Arrays.toString(poolSize) + " does not fit input shape " + Shapes.format(inputShape));
    }
  }

  protected abstract Operand<TFloat32> pool(Ops tf, Operand<TFloat32> x);

  @Override
  protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    return pool(tf, x);
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    long h = Configs.outputLength(inputShape.get(1), poolSize[0], padding, strides[0], 1);
    long w = Configs.outputLength(inputShape.get(2), poolSize[1], padding, strides[1], 1);
    return Shape.of(inputShape.get(0), h, w, inputShape.get(3));
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
    c.put("data_format", "channels_last");
    return c;
  }

  /** For a subclass's {@code fromConfig}: strides, padding and the base layer's arguments; channels last only. */
  protected static <P extends Pooling2D> P withPoolingConfig(P layer, Config config) {
    config.requireDefault("data_format", "channels_last");
    if (config.has("strides")) {
      layer.strides(config.getInts("strides"));
    }
    layer.padding(config.getString("padding", "valid"));
    return withBaseConfig(layer, config);
  }
}
