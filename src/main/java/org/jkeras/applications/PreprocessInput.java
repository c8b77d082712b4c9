package org.jkeras.applications;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.Shapes;
import org.jkeras.dtypepolicies.DTypePolicy;
import org.jkeras.layers.Layer;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * VGG16's {@code preprocess_input} ('caffe' mode) as a step of a functional model: RGB to BGR,
 * ImageNet mean pixel subtracted, no scaling. What Keras 3 records when {@code preprocess_input}
 * is called on a symbolic tensor; with it in front, a model takes raw 0..255 pixels.
 */
public class PreprocessInput extends Layer {

  /** Always float32: in Keras these are ops on the float32 model input, whatever the global policy. */
  public PreprocessInput() {
    dtype(DTypePolicy.FLOAT32);
  }

  @Override
  protected void validateInputShape(Shape inputShape) {
    int rank = inputShape.numDimensions();
    if (rank < 2 || inputShape.get(rank - 1) != 3) {
      throw new IllegalArgumentException("Input 0 of layer \"" + name() + "\" is incompatible with the layer: expected RGB images"
          + " with 3 channels on the last axis, found shape=" + Shapes.format(inputShape));
    }
  }

  @Override
  protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    return ImagenetUtils.preprocessInput(tf, x);
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    return inputShape;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("mode", "caffe");
    c.put("data_format", "channels_last");
    return c;
  }

  /** The inverse of {@link #getConfig()}: VGG16's 'caffe' mode, channels last, is the only one. */
  public static PreprocessInput fromConfig(Map<String, Object> config) {
    Config c = Config.of("PreprocessInput", config);
    c.requireDefault("mode", "caffe");
    c.requireDefault("data_format", "channels_last");
    return withBaseConfig(new PreprocessInput(), c);
  }
}
