package org.jkeras.layers;

/** Keras's {@code data_format} of the 2-D layers: "channels_last" (NHWC, the default) or "channels_first" (NCHW). */
final class DataFormat {
  static final String CHANNELS_LAST = "channels_last";
  static final String CHANNELS_FIRST = "channels_first";

  private DataFormat() {}

  static String check(String dataFormat) {
    if (!CHANNELS_LAST.equals(dataFormat) && !CHANNELS_FIRST.equals(dataFormat)) {
      throw new IllegalArgumentException("The `data_format` argument must be one of {'channels_first', 'channels_last'}."
          + " Received: data_format=" + dataFormat);
    }
    return dataFormat;
  }

  /** The index of the height axis of a rank-4 input (width follows it). */
  static int heightAxis(String dataFormat) {
    return CHANNELS_LAST.equals(dataFormat) ? 1 : 2;
  }
}
