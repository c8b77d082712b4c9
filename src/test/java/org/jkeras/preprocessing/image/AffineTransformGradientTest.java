package org.jkeras.preprocessing.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.jkeras.backend.Gradients;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The gradient jkeras registers for {@code ImageProjectiveTransformV3}: for a translation by whole
 * pixels with nearest sampling, the gradient of {@code sum(w * T(x))} with respect to {@code x} is
 * {@code w} moved back by the inverse translation (zero where T read outside the image), exactly.
 */
class AffineTransformGradientTest {

  @Test
  void aTranslationsGradientIsTheWeightsMovedBack() {
    // One 3x4 single-channel image; output pixel (x, y) reads input (x - 1, y + 1): right 1, up 1.
    float[] transform = {1, 0, -1, 0, 1, 1, 0, 0};
    float[][] w = {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}};
    // d/dx[r][c] = w[r - 1][c + 1] where that output pixel exists.
    float[][] expected = {{0, 0, 0, 0}, {2, 3, 4, 0}, {6, 7, 8, 0}};
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.reshape(tf.constant(new float[12]), tf.constant(new int[] {1, 3, 4, 1}));
      Operand<TFloat32> out = ImageOps.affineTransform(tf, x, tf.constant(new float[][] {transform}), 3, 4, "nearest",
          "constant", 0f);
      Operand<TFloat32> loss = tf.reduceSum(tf.math.mul(out, tf.reshape(tf.constant(w), tf.constant(new int[] {1, 3, 4, 1}))),
          tf.constant(new int[] {0, 1, 2, 3}));
      Output<?>[] grads = Gradients.add(g, loss.asOutput(), new Output<?>[] {x.asOutput()});
      try (TFloat32 dx = (TFloat32) s.runner().fetch(grads[0]).run().get(0)) {
        for (int r = 0; r < 3; r++) {
          float[] row = new float[4];
          for (int c = 0; c < 4; c++) {
            row[c] = dx.getFloat(0, r, c, 0);
          }
          assertArrayEquals(expected[r], row, "row " + r);
        }
      }
    }
  }
}
