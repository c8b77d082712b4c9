package org.jkeras.applications;

/**
 * One entry of Keras's {@code decode_predictions}: the ImageNet class id ({@code "n02123045"}), its
 * name ({@code "tabby"}) and the score the model gave it.
 */
public record DecodedPrediction(String classId, String className, float score) {}
