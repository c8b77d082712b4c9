package org.jkeras.data;

import org.tensorflow.ndarray.FloatNdArray;

/**
 * One batch: inputs {@code x} of shape (size, ...) and labels {@code y} of shape (size, ...) or
 * null. A dataset may reuse the arrays of a batch for a later one: use a batch before asking for
 * the next.
 */
public record Batch(FloatNdArray x, FloatNdArray y, int size) {}
