package org.jkeras.initializers;

import org.tensorflow.ndarray.Shape;

/** Keras's {@code compute_fans}: fan-in and fan-out of a weight shape (conv kernels are (kh, kw, in, out)). */
final class Fans {
  final double in;
  final double out;

  private Fans(double in, double out) {
    this.in = in;
    this.out = out;
  }

  static Fans of(Shape shape) {
    long[] s = shape.asArray();
    if (s.length == 0) {
      return new Fans(1, 1);
    }
    if (s.length == 1) {
      return new Fans(s[0], s[0]);
    }
    if (s.length == 2) {
      return new Fans(s[0], s[1]);
    }
    double receptive = 1;
    for (int i = 0; i < s.length - 2; i++) {
      receptive *= s[i];
    }
    return new Fans(s[s.length - 2] * receptive, s[s.length - 1] * receptive);
  }
}
