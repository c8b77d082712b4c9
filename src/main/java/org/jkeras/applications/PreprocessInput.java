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
import org.tensorflow.types.TFloat32;

/**
 * An application's {@code preprocess_input} as a step of a functional model: 'caffe' (VGG, ResNet
 * v1: RGB to BGR, ImageNet mean pixel subtracted), 'tf' ({@code x / 127.5 - 1}: ResNet v2,
 * MobileNetV2, Xception) or 'torch' ({@code x / 255}, ImageNet mean and deviation: DenseNet). What
 * Keras 3 records when {@code preprocess_input} is called on a symbolic tensor; with it in front,
 * a model takes raw 0..255 pixels.
 */
public class PreprocessInput extends Layer {
  private final String mode;

  /** VGG16's 'caffe' mode. */
  public PreprocessInput() {
    this("caffe");
  }

  /** {@code mode}: "caffe", "tf" or "torch", as Keras's {@code imagenet_utils.preprocess_input}. */
  public PreprocessInput(String mode) {
    ImagenetUtils.checkMode(mode);
    this.mode = mode;
    // Always float32: in Keras these are ops on the float32 model input, whatever the global policy.
    dtype(DTypePolicy.FLOAT32);
  }

  public String mode() {
    return mode;
  }

  @Override
  protected void validateInputShape(Shape inputShape) {
    int rank = inputShape.numDimensions();
    if (!mode.equals("tf") && (rank < 2 || inputShape.get(rank - 1) != 3)) {
      throw new IllegalArgumentException("Input 0 of layer \"" + name() + "\" is incompatible with the layer: expected RGB images"
          + " with 3 channels on the last axis, found shape=" + Shapes.format(inputShape));
    }
  }

  @Override
  protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    return ImagenetUtils.preprocessInput(ctx.tf(), x, mode);
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    return inputShape;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("mode", mode);
    c.put("data_format", "channels_last");
    return c;
  }

  /** The inverse of {@link #getConfig()}: channels last is the only data format. */
  public static PreprocessInput fromConfig(Map<String, Object> config) {
    Config c = Config.of("PreprocessInput", config);
    c.requireDefault("data_format", "channels_last");
    return withBaseConfig(new PreprocessInput(c.getString("mode", "caffe")), c);
  }
}
