package org.jkeras.layers;

import java.util.Map;
import org.jkeras.saving.serialization.Config;

/**
 * Keras's {@code GlobalAveragePooling2D(data_format=None, keepdims=False)}: the mean of each
 * channel over height and width, (batch, h, w, c) to (batch, c), or (batch, 1, 1, c) with {@code
 * keepdims} (see {@link BaseGlobalPooling}).
 */
public class GlobalAveragePooling2D extends BaseGlobalPooling<GlobalAveragePooling2D> {

  public GlobalAveragePooling2D() {
    super(2, false);
  }

  @Override
  protected GlobalAveragePooling2D self() {
    return this;
  }

  /** Keras's {@code from_config}. */
  public static GlobalAveragePooling2D fromConfig(Map<String, Object> config) {
    return withGlobalPoolingConfig(new GlobalAveragePooling2D(), Config.of("GlobalAveragePooling2D", config));
  }
}
