package org.jkeras.layers.preprocessing;

import java.util.List;
import org.jkeras.backend.DTypes;
import org.jkeras.backend.Gradients;
import org.jkeras.backend.Shapes;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The pieces of Keras's TF backend image ops ({@code keras.ops.image}) and of its {@code
 * BaseImagePreprocessingLayer} that the augmentation layers share, for batches (batch, height,
 * width, channels) in float32.
 */
final class ImageMath {
  private ImageMath() {}

  /**
   * Keras's {@code _transform_value_range}: {@code (x - from_lo) / (from_hi - from_lo) * (to_hi -
   * to_lo) + to_lo}, in that order of float32 operations; nothing when the ranges are equal.
   */
  static Operand<TFloat32> rescale(Ops tf, Operand<TFloat32> images, double[] from, double[] to) {
    if (from[0] == to[0] && from[1] == to[1]) {
      return images;
    }
    // In the images' dtype, as Keras's _transform_value_range(dtype=compute_dtype).
    Operand<TFloat32> unit = tf.math.div(tf.math.sub(images, DTypes.constantLike(tf, from[0], images)),
        tf.math.sub(DTypes.constantLike(tf, from[1], images), DTypes.constantLike(tf, from[0], images)));
    return tf.math.add(tf.math.mul(unit, tf.math.sub(DTypes.constantLike(tf, to[1], images),
        DTypes.constantLike(tf, to[0], images))), DTypes.constantLike(tf, to[0], images));
  }

  static final double[] RANGE_255 = {0, 255};
  static final double[] RANGE_1 = {0, 1};

  /**
   * Keras's {@code rgb_to_grayscale}: the luma {@code 0.2989 r + 0.587 g + 0.114 b}, shaped (batch,
   * h, w, 1); a one-channel image as it is.
   */
  static Operand<TFloat32> grayscale(Ops tf, Operand<TFloat32> images) {
    long c = images.shape().get(3);
    if (c == 1) {
      return images;
    }
    if (c != 3) {
      throw new IllegalArgumentException(
          "Invalid channel size: expected 3 (RGB) or 1 (Grayscale). Received input with shape: images.shape="
              + Shapes.format(images.shape()));
    }
    // Keras: tf.tensordot(images, weights, axes=(-1, -1)), the weights in the images' dtype: a MatMul of
    // the pixels (n, 3) by the weights (3, 1).
    Operand<TFloat32> weights = DTypes.cast(tf, tf.constant(new float[][] {{0.2989f}, {0.5870f}, {0.1140f}}),
        DTypes.dtypeOf(images));
    Operand<TInt32> shape = tf.shape(images);
    Operand<TFloat32> pixels = tf.reshape(images, tf.constant(new int[] {-1, 3}));
    Operand<TFloat32> luma = tf.linalg.matMul(pixels, weights);
    Operand<TInt32> keep = tf.concat(List.of(tf.slice(shape, tf.constant(new int[] {0}), tf.constant(new int[] {3})),
        tf.constant(new int[] {1})), tf.constant(0));
    return tf.reshape(luma, keep);
  }

  /**
   * {@code onesLike(x)}; TF's C++ registry has no gradient for {@code OnesLike} (Python declares it
   * not differentiable), so this registers a zero one: a layer building it from a transformation
   * that depends on the images' shape could not follow a trained layer otherwise.
   */
  static Operand<TFloat32> ones(Ops tf, Operand<TFloat32> like) {
    Gradients.registerZeroGradient("OnesLike");
    return tf.onesLike(like);
  }

  static Operand<TFloat32> clip(Ops tf, Operand<TFloat32> x, double[] range) {
    return tf.clipByValue(x, DTypes.constantLike(tf, range[0], x), DTypes.constantLike(tf, range[1], x));
  }

  /** A (batch, 1, 1, 1) boolean from a 0/1 column of a transformation. */
  static Operand<TBool> flag(Ops tf, Operand<TFloat32> transformation, int column) {
    return tf.math.greater(BaseImagePreprocessingLayer.perImage(tf, transformation, column), tf.constant(0.5f));
  }

  /** {@code where(apply, changed, images)} with a (batch, 1, 1, 1) condition, broadcast as Keras's {@code where}. */
  static Operand<TFloat32> where(Ops tf, Operand<TBool> apply, Operand<TFloat32> changed, Operand<TFloat32> images) {
    Operand<TInt32> shape = tf.shape(images);
    return tf.select(tf.broadcastTo(apply, shape), tf.broadcastTo(changed, shape), images);
  }

  /**
   * Keras's boolean box mask of {@code RandomErasing} and {@code CutMix}: pixel (y, x) of image i is
   * in the box when {@code x0 <= x < x1} and {@code y0 <= y < y1}, the corners read from columns
   * {@code first .. first + 3} of the transformation as (x0, x1, y0, y1). Shaped (batch, h, w, 1).
   */
  static Operand<TBool> box(Ops tf, Operand<TFloat32> transformation, int first, int height, int width) {
    Operand<TFloat32> x0 = BaseImagePreprocessingLayer.perImage(tf, transformation, first);
    Operand<TFloat32> x1 = BaseImagePreprocessingLayer.perImage(tf, transformation, first + 1);
    Operand<TFloat32> y0 = BaseImagePreprocessingLayer.perImage(tf, transformation, first + 2);
    Operand<TFloat32> y1 = BaseImagePreprocessingLayer.perImage(tf, transformation, first + 3);
    Operand<TFloat32> gx = tf.reshape(tf.range(tf.constant(0f), tf.constant((float) width), tf.constant(1f)),
        tf.constant(new int[] {1, 1, width, 1}));
    Operand<TFloat32> gy = tf.reshape(tf.range(tf.constant(0f), tf.constant((float) height), tf.constant(1f)),
        tf.constant(new int[] {1, height, 1, 1}));
    Operand<TBool> inX = tf.math.logicalAnd(tf.math.greaterEqual(gx, x0), tf.math.less(gx, x1));
    Operand<TBool> inY = tf.math.logicalAnd(tf.math.greaterEqual(gy, y0), tf.math.less(gy, y1));
    return tf.math.logicalAnd(inX, inY);
  }

  /** The images in the order of column {@code column} of the transformation (Keras's {@code take(images, permutation)}). */
  static Operand<TFloat32> permuted(Ops tf, Operand<TFloat32> images, Operand<TFloat32> transformation, int column) {
    Operand<TFloat32> c = tf.reshape(BaseAffineImageLayer.column(tf, transformation, column), tf.constant(new int[] {-1}));
    return tf.gather(images, tf.dtypes.cast(c, TInt32.class), tf.constant(0));
  }

  /** Columns {@code from .. from + n - 1} of a (batch, k) transformation. */
  static Operand<TFloat32> columns(Ops tf, Operand<TFloat32> transformation, int from, int n) {
    return tf.slice(transformation, tf.constant(new int[] {0, from}), tf.constant(new int[] {-1, n}));
  }

  /** (batch, k) columns side by side. */
  static Operand<TFloat32> concat(Ops tf, List<Operand<TFloat32>> parts) {
    return tf.concat(parts, tf.constant(1));
  }

  /** Channel {@code k} of a batch, (batch, h, w, 1). */
  static Operand<TFloat32> channel(Ops tf, Operand<TFloat32> images, int k) {
    return tf.slice(images, tf.constant(new int[] {0, 0, 0, k}), tf.constant(new int[] {-1, -1, -1, 1}));
  }

  /** A transformation without parameters, (batch, 0), for the layers that draw nothing. */
  static Operand<TFloat32> none(Ops tf, Operand<TFloat32> images) {
    Operand<TInt32> shape = tf.concat(List.of(BaseImagePreprocessingLayer.batchSize(tf, images),
        tf.constant(new int[] {0})), tf.constant(0));
    return tf.zeros(shape, TFloat32.class);
  }

  /** The image height and width, which these layers need known. */
  static int[] size(Operand<TFloat32> images, String layer) {
    long h = images.shape().get(1);
    long w = images.shape().get(2);
    if (h < 0 || w < 0) {
      throw new IllegalArgumentException("Layer \"" + layer + "\" needs images with a known height and width."
          + " Received: images.shape=" + Shapes.format(images.shape()));
    }
    return new int[] {(int) h, (int) w};
  }
}
