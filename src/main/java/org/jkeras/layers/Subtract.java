package org.jkeras.layers;

import java.util.List;
import java.util.Map;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras's {@code Subtract()}: {@code x - y} for exactly two inputs, {@code new Subtract().apply(x, y)}. See {@link Merge}. */
public class Subtract extends Merge {

  @Override
  protected void validateInputShapes(List<Shape> inputShapes) {
    if (inputShapes.size() != 2) {
      throw new IllegalArgumentException("A `Subtract` layer should be called on exactly 2 inputs. Received: input_shape="
          + formatAll(inputShapes));
    }
    super.validateInputShapes(inputShapes);
  }

  @Override
  protected Operand<TFloat32> merge(Ops tf, List<Operand<TFloat32>> inputs) {
    return tf.math.sub(inputs.get(0), inputs.get(1));
  }

  /** Keras's {@code from_config}. */
  public static Subtract fromConfig(Map<String, Object> config) {
    return withBaseConfig(new Subtract(), Config.of("Subtract", config));
  }
}
