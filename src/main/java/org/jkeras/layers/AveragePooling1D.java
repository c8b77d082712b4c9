package org.jkeras.layers;

import java.util.Map;
import org.jkeras.saving.serialization.Config;

/**
 * Keras's {@code AveragePooling1D(pool_size, strides=None, padding="valid", data_format=None)} on
 * (batch, steps, channels): the mean of each window of steps, as TF's {@code avg_pool1d} (see
 * {@link BasePooling}). The pool size is required, as in Keras.
 */
public class AveragePooling1D extends BasePooling<AveragePooling1D> {

  /** @param poolSize the window length */
  public AveragePooling1D(int poolSize) {
    super(1, false, new int[] {poolSize});
  }

  @Override
  protected AveragePooling1D self() {
    return this;
  }

  /** Keras's {@code from_config}. */
  public static AveragePooling1D fromConfig(Map<String, Object> config) {
    Config c = Config.of("AveragePooling1D", config);
    return withPoolingConfig(new AveragePooling1D(c.getInts("pool_size")[0]), c);
  }
}
