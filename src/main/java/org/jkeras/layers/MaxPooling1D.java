package org.jkeras.layers;

import java.util.Map;
import org.jkeras.saving.serialization.Config;

/**
 * Keras's {@code MaxPooling1D(pool_size=2, strides=None, padding="valid", data_format=None)} on
 * (batch, steps, channels): the maximum of each window of steps, as TF's {@code max_pool1d} (see
 * {@link BasePooling}).
 */
public class MaxPooling1D extends BasePooling<MaxPooling1D> {

  /** @param poolSize the window length, or nothing for 2 */
  public MaxPooling1D(int... poolSize) {
    super(1, true, poolSize);
  }

  @Override
  protected MaxPooling1D self() {
    return this;
  }

  /** Keras's {@code from_config}. */
  public static MaxPooling1D fromConfig(Map<String, Object> config) {
    Config c = Config.of("MaxPooling1D", config);
    return withPoolingConfig(new MaxPooling1D(c.has("pool_size") ? c.getInts("pool_size") : new int[0]), c);
  }
}
