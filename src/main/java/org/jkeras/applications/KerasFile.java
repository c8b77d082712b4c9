package org.jkeras.applications;

/**
 * One of Keras's ImageNet files as {@code keras.applications} fetches it: the name it is cached
 * under ({@code ~/.keras/models/NAME}), where Keras downloads it from, and the md5 Keras checks
 * (null where Keras checks none, as for MobileNetV2's files).
 */
record KerasFile(String fileName, String url, String md5) {
  static KerasFile of(String baseUrl, String fileName, String md5) {
    return new KerasFile(fileName, baseUrl + fileName, md5);
  }
}
