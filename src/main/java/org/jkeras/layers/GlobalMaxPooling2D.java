package org.jkeras.layers;

import java.util.Map;
import org.jkeras.saving.serialization.Config;

/**
 * Keras's {@code GlobalMaxPooling2D(data_format=None, keepdims=False)}: the maximum of each channel
 * over height and width, (batch, h, w, c) to (batch, c), or (batch, 1, 1, c) with {@code keepdims}
 * (see {@link BaseGlobalPooling}).
 */
public class GlobalMaxPooling2D extends BaseGlobalPooling<GlobalMaxPooling2D> {

  public GlobalMaxPooling2D() {
    super(2, true);
  }

  @Override
  protected GlobalMaxPooling2D self() {
    return this;
  }

  /** Keras's {@code from_config}. */
  public static GlobalMaxPooling2D fromConfig(Map<String, Object> config) {
    return withGlobalPoolingConfig(new GlobalMaxPooling2D(), Config.of("GlobalMaxPooling2D", config));
  }
}
