package org.jkeras.applications;

import org.jkeras.layers.Activation;
import org.jkeras.layers.Add;
import org.jkeras.layers.BatchNormalization;
import org.jkeras.layers.Conv2D;
import org.jkeras.layers.GlobalAveragePooling2D;
import org.jkeras.layers.KerasTensor;
import org.jkeras.layers.MaxPooling2D;
import org.jkeras.layers.ZeroPadding2D;

/**
 * Keras's {@code resnet.ResNet} with its v1 and v2 residual blocks: the stem {@code conv1_pad},
 * {@code conv1_conv} (7x7, strides 2), {@code pool1_pad}, {@code pool1_pool}; stacks {@code conv2}
 * to {@code conv5} of bottleneck blocks {@code convS_blockB_...}; BatchNormalization with epsilon
 * 1.001e-5 throughout. ResNet50 has 3, 4, 6, 3 blocks.
 */
final class ResNetNetwork {
  private static final double EPSILON = 1.001e-5;
  private static final int[] BLOCKS = {3, 4, 6, 3};
  private static final int[] FILTERS = {64, 128, 256, 512};

  private ResNetNetwork() {}

  /** @param preact v2 (pre-activation blocks, {@code post_bn}/{@code post_relu}) rather than v1 */
  static Application.Graph build(boolean preact, ApplicationArgs args, KerasFile top, KerasFile noTop) {
    KerasTensor img = args.input(224, 32);
    KerasTensor x = new ZeroPadding2D(new int[][] {{3, 3}, {3, 3}}).name("conv1_pad").apply(img);
    x = new Conv2D(64, 7).strides(2).name("conv1_conv").apply(x);
    if (!preact) {
      x = bn("conv1_bn").apply(x);
      x = new Activation("relu").name("conv1_relu").apply(x);
    }
    x = new ZeroPadding2D(new int[][] {{1, 1}, {1, 1}}).name("pool1_pad").apply(x);
    x = new MaxPooling2D(3, 3).strides(2).name("pool1_pool").apply(x);
    for (int s = 0; s < BLOCKS.length; s++) {
      String stack = "conv" + (s + 2);
      x = preact ? stackV2(x, FILTERS[s], BLOCKS[s], s == BLOCKS.length - 1 ? 1 : 2, stack)
          : stackV1(x, FILTERS[s], BLOCKS[s], s == 0 ? 1 : 2, stack);
    }
    if (preact) {
      x = bn("post_bn").apply(x);
      x = new Activation("relu").name("post_relu").apply(x);
    }
    if (args.includeTop) {
      x = new GlobalAveragePooling2D().name("avg_pool").apply(x);
      x = args.classifier(x, null);
    } else {
      x = args.pool(x, "avg_pool", "max_pool");
    }
    return new Application.Graph(args, args.modelInput(img), x, top, noTop);
  }

  static BatchNormalization bn(String name) {
    return new BatchNormalization(3).epsilon(EPSILON).name(name);
  }

  private static KerasTensor stackV1(KerasTensor x, int filters, int blocks, int stride1, String name) {
    x = blockV1(x, filters, stride1, true, name + "_block1");
    for (int i = 2; i <= blocks; i++) {
      x = blockV1(x, filters, 1, false, name + "_block" + i);
    }
    return x;
  }

  /** Keras's {@code residual_block_v1}: 1x1, 3x3, 1x1 (4 x filters) convolutions, each batch-normalized, added to the shortcut. */
  private static KerasTensor blockV1(KerasTensor x, int filters, int stride, boolean convShortcut, String name) {
    KerasTensor shortcut = x;
    if (convShortcut) {
      shortcut = new Conv2D(4 * filters, 1).strides(stride).name(name + "_0_conv").apply(x);
      shortcut = bn(name + "_0_bn").apply(shortcut);
    }
    x = new Conv2D(filters, 1).strides(stride).name(name + "_1_conv").apply(x);
    x = bn(name + "_1_bn").apply(x);
    x = new Activation("relu").name(name + "_1_relu").apply(x);
    x = new Conv2D(filters, 3).padding("same").name(name + "_2_conv").apply(x);
    x = bn(name + "_2_bn").apply(x);
    x = new Activation("relu").name(name + "_2_relu").apply(x);
    x = new Conv2D(4 * filters, 1).name(name + "_3_conv").apply(x);
    x = bn(name + "_3_bn").apply(x);
    x = new Add().name(name + "_add").apply(shortcut, x);
    return new Activation("relu").name(name + "_out").apply(x);
  }

  private static KerasTensor stackV2(KerasTensor x, int filters, int blocks, int stride1, String name) {
    x = blockV2(x, filters, 1, true, name + "_block1");
    for (int i = 2; i < blocks; i++) {
      x = blockV2(x, filters, 1, false, name + "_block" + i);
    }
    return blockV2(x, filters, stride1, false, name + "_block" + blocks);
  }

  /**
   * Keras's {@code residual_block_v2}: batch norm and ReLU first ({@code _preact_}), the stride on
   * the 3x3 convolution, the shortcut a 1x1 convolution, a 1x1 max pooling (unnamed, as Keras's)
   * for a strided block, or the input.
   */
  private static KerasTensor blockV2(KerasTensor x, int filters, int stride, boolean convShortcut, String name) {
    KerasTensor preact = bn(name + "_preact_bn").apply(x);
    preact = new Activation("relu").name(name + "_preact_relu").apply(preact);
    KerasTensor shortcut;
    if (convShortcut) {
      shortcut = new Conv2D(4 * filters, 1).strides(stride).name(name + "_0_conv").apply(preact);
    } else {
      shortcut = stride > 1 ? new MaxPooling2D(1, 1).strides(stride).apply(x) : x;
    }
    KerasTensor y = new Conv2D(filters, 1).strides(1).useBias(false).name(name + "_1_conv").apply(preact);
    y = bn(name + "_1_bn").apply(y);
    y = new Activation("relu").name(name + "_1_relu").apply(y);
    y = new ZeroPadding2D(new int[][] {{1, 1}, {1, 1}}).name(name + "_2_pad").apply(y);
    y = new Conv2D(filters, 3).strides(stride).useBias(false).name(name + "_2_conv").apply(y);
    y = bn(name + "_2_bn").apply(y);
    y = new Activation("relu").name(name + "_2_relu").apply(y);
    y = new Conv2D(4 * filters, 1).name(name + "_3_conv").apply(y);
    return new Add().name(name + "_out").apply(shortcut, y);
  }
}
