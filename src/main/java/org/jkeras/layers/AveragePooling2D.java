package org.jkeras.layers;

import java.util.Map;
import org.jkeras.saving.serialization.Config;

/**
 * Keras's {@code AveragePooling2D(pool_size, strides=None, padding="valid", data_format=None)}: the
 * mean of each window (with "same" padding, of the window's part inside the input), TF's {@code
 * AvgPool}.
 */
public class AveragePooling2D extends BasePooling<AveragePooling2D> {

  /** @param poolSize (height, width), one int for a square window, or nothing for (2, 2) */
  public AveragePooling2D(int... poolSize) {
    super(2, false, poolSize);
  }

  @Override
  protected AveragePooling2D self() {
    return this;
  }

  /** Keras's {@code from_config}. */
  public static AveragePooling2D fromConfig(Map<String, Object> config) {
    Config c = Config.of("AveragePooling2D", config);
    return withPoolingConfig(new AveragePooling2D(c.has("pool_size") ? c.getInts("pool_size") : new int[0]), c);
  }
}
