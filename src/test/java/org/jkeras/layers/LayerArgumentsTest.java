package org.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jkeras.models.Sequential;
import org.junit.jupiter.api.Test;

/** Keras's one-line refusals of arguments and input shapes the new layers cannot take. */
class LayerArgumentsTest {

  static String message(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void reshapeChecksTheSize() {
    assertEquals("The total size of the tensor must be unchanged. Received: input_shape=(2, 3), target_shape=[4, 2]",
        message(() -> new Sequential(new Reshape(4, 2).inputShape(2, 3))));
    assertEquals("There must be at most one unknown dimension (-1) in target_shape. Received: target_shape=[-1, -1]",
        message(() -> new Reshape(-1, -1)));
  }

  @Test
  void croppingMustLeaveSomething() {
    assertEquals("Values in `cropping` argument should be smaller than the corresponding spatial dimension of the input."
        + " Received: input_shape=(None, 4, 4, 1), cropping=[[2, 2], [0, 0]]",
        message(() -> new Sequential(new Cropping2D(2, 0).inputShape(4, 4, 1))));
    assertEquals("`padding` cannot be negative. Received: padding=[[1, -1], [0, 0]]",
        message(() -> new ZeroPadding2D(new int[][] {{1, -1}, {0, 0}})));
  }

  @Test
  void groupsMustDivideTheChannels() {
    assertEquals("Number of groups (4) must be a multiple of the number of channels (6).",
        message(() -> new Sequential(new GroupNormalization(4).inputShape(3, 6))));
    assertEquals("Number of groups (32) cannot be more than the number of channels (6).",
        message(() -> new Sequential(new GroupNormalization().inputShape(3, 6))));
  }

  @Test
  void permuteNeedsAPermutationFromOne() {
    assertEquals("Invalid permutation argument `dims` for Permute Layer. The set of indices in `dims` must be consecutive"
        + " and start from 1. Received dims=[0, 1]", message(() -> new Permute(0, 1)));
  }

  @Test
  void upSamplingInterpolationsAreKerassResizeOnes() {
    assertEquals("Invalid value for argument `interpolation`: jkeras's UpSampling2D supports [nearest, bilinear, bicubic]."
        + " Received: interpolation=area", message(() -> new UpSampling2D().interpolation("area")));
  }
}
