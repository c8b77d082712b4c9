package org.jkeras.layers;

import java.util.Map;
import org.jkeras.saving.serialization.Config;

/**
 * Keras's {@code GlobalAveragePooling1D(data_format=None, keepdims=False)}: the mean of each
 * channel over the steps, (batch, steps, c) to (batch, c), or (batch, 1, c) with {@code keepdims};
 * Keras's masking of padded steps is not implemented (see {@link BaseGlobalPooling}).
 */
public class GlobalAveragePooling1D extends BaseGlobalPooling<GlobalAveragePooling1D> {

  public GlobalAveragePooling1D() {
    super(1, false);
  }

  @Override
  protected GlobalAveragePooling1D self() {
    return this;
  }

  /** Keras's {@code from_config}. */
  public static GlobalAveragePooling1D fromConfig(Map<String, Object> config) {
    return withGlobalPoolingConfig(new GlobalAveragePooling1D(), Config.of("GlobalAveragePooling1D", config));
  }

  /** Keras's {@code GlobalAveragePooling1D.call(inputs, mask=None)}: a functional config records {@code "mask": null} with each call. */
  @Override
  public boolean callTakesMask() {
    return true;
  }
}
