package org.jkeras.layers;

import java.util.Map;
import org.jkeras.saving.serialization.Config;

/**
 * Keras's {@code MaxPooling2D(pool_size=(2, 2), strides=None, padding="valid", data_format=None)}:
 * the maximum of each window, built as TF's {@code MaxPool} op (see {@link BasePooling}).
 */
public class MaxPooling2D extends BasePooling<MaxPooling2D> {

  /** @param poolSize (height, width), one int for a square window, or nothing for (2, 2) */
  public MaxPooling2D(int... poolSize) {
    super(2, true, poolSize);
  }

  @Override
  protected MaxPooling2D self() {
    return this;
  }

  /** Keras's {@code from_config}. */
  public static MaxPooling2D fromConfig(Map<String, Object> config) {
    Config c = Config.of("MaxPooling2D", config);
    return withPoolingConfig(new MaxPooling2D(c.has("pool_size") ? c.getInts("pool_size") : new int[0]), c);
  }
}
