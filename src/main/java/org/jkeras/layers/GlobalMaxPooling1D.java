package org.jkeras.layers;

import java.util.Map;
import org.jkeras.saving.serialization.Config;

/**
 * Keras's {@code GlobalMaxPooling1D(data_format=None, keepdims=False)}: the maximum of each channel
 * over the steps, (batch, steps, c) to (batch, c), or (batch, 1, c) with {@code keepdims} (see
 * {@link BaseGlobalPooling}).
 */
public class GlobalMaxPooling1D extends BaseGlobalPooling<GlobalMaxPooling1D> {

  public GlobalMaxPooling1D() {
    super(1, true);
  }

  @Override
  protected GlobalMaxPooling1D self() {
    return this;
  }

  /** Keras's {@code from_config}. */
  public static GlobalMaxPooling1D fromConfig(Map<String, Object> config) {
    return withGlobalPoolingConfig(new GlobalMaxPooling1D(), Config.of("GlobalMaxPooling1D", config));
  }
}
