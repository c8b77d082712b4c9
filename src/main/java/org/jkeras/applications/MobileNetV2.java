package org.jkeras.applications;

import java.util.List;
import java.util.Locale;
import org.jkeras.layers.Add;
import org.jkeras.layers.BatchNormalization;
import org.jkeras.layers.Conv2D;
import org.jkeras.layers.DepthwiseConv2D;
import org.jkeras.layers.GlobalAveragePooling2D;
import org.jkeras.layers.KerasTensor;
import org.jkeras.layers.ReLU;
import org.jkeras.layers.ZeroPadding2D;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Keras's {@code keras.applications.MobileNetV2}: {@code Conv1} (3x3, strides 2), {@code bn_Conv1},
 * {@code Conv1_relu} (ReLU6), 17 inverted residual blocks ({@code expanded_conv_depthwise}, then
 * {@code block_1_expand}, {@code block_1_expand_BN}, {@code block_1_expand_relu}, {@code
 * block_1_pad}, {@code block_1_depthwise}, ... {@code block_16_project_BN}; {@code block_N_add}
 * where input and output match), {@code Conv_1} (1280 filters), {@code Conv_1_bn}, {@code
 * out_relu}. BatchNormalization with epsilon 1e-3 and momentum 0.999. {@code alpha} scales the
 * widths; ImageNet weights exist for alpha 0.35, 0.5, 0.75, 1.0, 1.3, 1.4 and square inputs of 96,
 * 128, 160, 192 or 224 (another size loads the 224 weights, with Keras's warning). At alpha 1.0:
 * 2,257,984 parameters without the top, 3,538,984 with it. Inputs preprocessed in 'tf' mode. The
 * model is named {@code mobilenetv2_1.00_224} (alpha, rows).
 */
public class MobileNetV2 extends Application {
  static final String BASE = "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet_v2/";
  private static final List<Double> ALPHAS = List.of(0.35, 0.50, 0.75, 1.0, 1.3, 1.4);
  private static final List<Integer> ROWS = List.of(96, 128, 160, 192, 224);
  private static final double EPSILON = 1e-3;
  private static final double MOMENTUM = 0.999;
  /** (filters, stride, expansion) of blocks 0 to 16. */
  private static final int[][] BLOCKS = {{16, 1, 1}, {24, 2, 6}, {24, 1, 6}, {32, 2, 6}, {32, 1, 6}, {32, 1, 6},
      {64, 2, 6}, {64, 1, 6}, {64, 1, 6}, {64, 1, 6}, {96, 1, 6}, {96, 1, 6}, {96, 1, 6}, {160, 2, 6}, {160, 1, 6},
      {160, 1, 6}, {320, 1, 6}};

  /** {@code MobileNetV2(input_shape=(h, w, c), weights=..., include_top=...)}, alpha 1.0; at least 32x32, default 224x224x3. */
  public MobileNetV2(String weights, boolean includeTop, int... inputShape) {
    this(inputShape.length == 0 ? null : inputShape, 1.0, includeTop, weights, null, null, 1000, "softmax", null);
  }

  /**
   * Keras's signature {@code MobileNetV2(input_shape, alpha, include_top, weights, input_tensor,
   * pooling, classes, classifier_activation, name)}; {@code name} null for Keras's {@code
   * mobilenetv2_<alpha>_<rows>}.
   */
  public MobileNetV2(int[] inputShape, double alpha, boolean includeTop, String weights, KerasTensor inputTensor,
      String pooling, int classes, String classifierActivation, String name) {
    super(build(alpha, new ApplicationArgs("MobileNetV2", includeTop, weights, inputTensor, inputShape, pooling, classes,
        classifierActivation, name)));
  }

  private static Graph build(double alpha, ApplicationArgs a) {
    if (!(alpha > 0)) {
      throw new IllegalArgumentException("MobileNetV2: `alpha` must be positive. Received: alpha=" + alpha);
    }
    int[] requested = a.requestedShape();
    int defaultSize = 224;
    if (requested != null && requested.length == 3 && requested[0] == requested[1] && ROWS.contains(requested[0])) {
      defaultSize = requested[0];
    }
    KerasTensor img = a.input(defaultSize, 32);
    int rows = (int) img.shape().get(1);
    int cols = (int) img.shape().get(2);
    if (a.imagenet) {
      if (!ALPHAS.contains(alpha)) {
        throw new IllegalArgumentException("If imagenet weights are being loaded, alpha must be one of `0.35`, `0.50`, `0.75`,"
            + " `1.0`, `1.3` or `1.4` only; Received `alpha=" + alpha + "`");
      }
      if (rows != cols || !ROWS.contains(rows)) {
        rows = 224;
        System.err.println("WARNING: `input_shape` is undefined or non-square, or `rows` is not in [96, 128, 160, 192, 224]."
            + " Weights for input shape (224, 224) will be loaded as the default.");
      }
    }
    KerasTensor x = new Conv2D(makeDivisible(32 * alpha, 8), 3).strides(2).padding("same").useBias(false).name("Conv1")
        .apply(img);
    x = bn("bn_Conv1").apply(x);
    x = new ReLU(6.0).name("Conv1_relu").apply(x);
    for (int id = 0; id < BLOCKS.length; id++) {
      x = invertedResBlock(x, BLOCKS[id][2], BLOCKS[id][1], alpha, BLOCKS[id][0], id);
    }
    int last = alpha > 1.0 ? makeDivisible(1280 * alpha, 8) : 1280;
    x = new Conv2D(last, 1).useBias(false).name("Conv_1").apply(x);
    x = bn("Conv_1_bn").apply(x);
    x = new ReLU(6.0).name("out_relu").apply(x);
    if (a.includeTop) {
      x = new GlobalAveragePooling2D().apply(x);
      x = a.classifier(x, null);
    } else {
      x = a.pool(x, null, null);
    }
    String alphaText = String.format(Locale.ROOT, "%.2f", alpha);
    if (a.name == null) {
      a.name = "mobilenetv2_" + alphaText + "_" + rows;
    }
    String tag = alpha + "_" + rows; // Python's f"{float(alpha)}_{rows}": 1.0_224, 0.35_96
    KerasFile top = KerasFile.of(BASE, "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_" + tag + ".h5", null);
    KerasFile noTop = KerasFile.of(BASE, "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_" + tag + "_no_top.h5", null);
    return new Graph(a, a.modelInput(img), x, top, noTop);
  }

  private static BatchNormalization bn(String name) {
    return new BatchNormalization(-1).epsilon(EPSILON).momentum(MOMENTUM).name(name);
  }

  /** Keras's {@code _inverted_res_block}. */
  private static KerasTensor invertedResBlock(KerasTensor inputs, int expansion, int stride, double alpha, int filters,
      int blockId) {
    int inChannels = (int) inputs.shape().get(3);
    int pointwiseFilters = makeDivisible((int) (filters * alpha), 8);
    KerasTensor x = inputs;
    String prefix = "block_" + blockId + "_";
    if (blockId != 0) {
      x = new Conv2D(expansion * inChannels, 1).padding("same").useBias(false).name(prefix + "expand").apply(x);
      x = bn(prefix + "expand_BN").apply(x);
      x = new ReLU(6.0).name(prefix + "expand_relu").apply(x);
    } else {
      prefix = "expanded_conv_";
    }
    if (stride == 2) {
      x = new ZeroPadding2D(ImagenetUtils.correctPad(x.shape(), 3)).name(prefix + "pad").apply(x);
    }
    x = new DepthwiseConv2D(3).strides(stride).useBias(false).padding(stride == 1 ? "same" : "valid")
        .name(prefix + "depthwise").apply(x);
    x = bn(prefix + "depthwise_BN").apply(x);
    x = new ReLU(6.0).name(prefix + "depthwise_relu").apply(x);
    x = new Conv2D(pointwiseFilters, 1).padding("same").useBias(false).name(prefix + "project").apply(x);
    x = bn(prefix + "project_BN").apply(x);
    if (inChannels == pointwiseFilters && stride == 1) {
      return new Add().name(prefix + "add").apply(inputs, x);
    }
    return x;
  }

  /** Keras's {@code _make_divisible}: the nearest multiple of {@code divisor}, not 10% below {@code v}. */
  static int makeDivisible(double v, int divisor) {
    int newV = Math.max(divisor, (int) (v + divisor / 2.0) / divisor * divisor);
    if (newV < 0.9 * v) {
      newV += divisor;
    }
    return newV;
  }

  /** Keras's {@code mobilenet_v2.preprocess_input}: 'tf' mode ({@code x / 127.5 - 1}). */
  public static FloatNdArray preprocessInput(FloatNdArray x) {
    return ImagenetUtils.preprocessInput(x, "tf");
  }

  /** The same on a symbolic tensor, as a {@link PreprocessInput} layer. */
  public static KerasTensor preprocessInput(KerasTensor x) {
    return ImagenetUtils.preprocessInput(x, "tf");
  }
}
