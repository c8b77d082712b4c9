package org.jkeras.data;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * How {@code image_dataset_from_directory} fits an image of another aspect ratio into {@code
 * image_size}, built as graph ops on the decoded image (whose size is known only when it runs):
 * {@link #STRETCH} resizes it whole (the default); {@link #CROP} ({@code crop_to_aspect_ratio})
 * first takes the largest centred window of the target's ratio, as Keras's {@code smart_resize};
 * {@link #PAD} ({@code pad_to_aspect_ratio}) resizes it to fit inside and pads with zeros, as TF's
 * {@code resize_with_pad}. Each size is computed in the same types (int32, float32) as there, so the
 * windows agree to the pixel.
 */
enum AspectRatio {
  STRETCH, CROP, PAD;

  /** A resize of a batch of uint8 images to a size given as a (2,) int32 tensor, as float32. */
  @FunctionalInterface
  interface Resize {
    Operand<TFloat32> apply(Operand<TUint8> images, Operand<TInt32> size);
  }

  /** The (1, height, width, channels) float32 image from the (h, w, c) uint8 {@code img}. */
  Operand<TFloat32> fit(Ops tf, Operand<TUint8> img, int height, int width, Resize resize) {
    Operand<TUint8> batch = tf.expandDims(img, tf.constant(0));
    Operand<TInt32> target = tf.constant(new int[] {height, width});
    if (this == STRETCH) {
      return resize.apply(batch, target);
    }
    Operand<TInt32> shape = tf.shape(img);
    Operand<TInt32> h = tf.squeeze(tf.slice(shape, tf.constant(new int[] {0}), tf.constant(new int[] {1})));
    Operand<TInt32> w = tf.squeeze(tf.slice(shape, tf.constant(new int[] {1}), tf.constant(new int[] {1})));
    return this == CROP ? crop(tf, batch, h, w, height, width, resize, target) : pad(tf, batch, h, w, height, width, resize);
  }

  /** smart_resize: crop (h, w) to int(w * th / tw) x int(h * tw / th) (at least 1, at most the image), centred. */
  private static Operand<TFloat32> crop(Ops tf, Operand<TUint8> batch, Operand<TInt32> h, Operand<TInt32> w, int th, int tw,
      Resize resize, Operand<TInt32> target) {
    Operand<TInt32> one = tf.constant(1);
    Operand<TInt32> ch = tf.math.maximum(tf.math.minimum(h, toInt(tf, tf.math.div(toFloat(tf, tf.math.mul(w, tf.constant(th))),
        tf.constant((float) tw)))), one);
    Operand<TInt32> cw = tf.math.maximum(tf.math.minimum(w, toInt(tf, tf.math.div(toFloat(tf, tf.math.mul(h, tf.constant(tw))),
        tf.constant((float) th)))), one);
    Operand<TInt32> hs = toInt(tf, tf.math.div(toFloat(tf, tf.math.sub(h, ch)), tf.constant(2f)));
    Operand<TInt32> ws = toInt(tf, tf.math.div(toFloat(tf, tf.math.sub(w, cw)), tf.constant(2f)));
    Operand<TInt32> zero = tf.constant(0);
    Operand<TUint8> window = tf.slice(batch, tf.stack(List.of(zero, hs, ws, zero)),
        tf.stack(List.of(tf.constant(-1), ch, cw, tf.constant(-1))));
    return resize.apply(window, target);
  }

  /** resize_with_pad: scale by max(w / tw, h / th), floor the size, centre it with floor'd zero padding. */
  private static Operand<TFloat32> pad(Ops tf, Operand<TUint8> batch, Operand<TInt32> h, Operand<TInt32> w, int th, int tw,
      Resize resize) {
    Operand<TFloat32> fh = toFloat(tf, h);
    Operand<TFloat32> fw = toFloat(tf, w);
    Operand<TFloat32> fth = tf.constant((float) th);
    Operand<TFloat32> ftw = tf.constant((float) tw);
    Operand<TFloat32> ratio = tf.math.maximum(tf.math.div(fw, ftw), tf.math.div(fh, fth));
    Operand<TFloat32> rhf = tf.math.div(fh, ratio);
    Operand<TFloat32> rwf = tf.math.div(fw, ratio);
    Operand<TInt32> rh = toInt(tf, tf.math.floor(rhf));
    Operand<TInt32> rw = toInt(tf, tf.math.floor(rwf));
    Operand<TInt32> zero = tf.constant(0);
    Operand<TInt32> ph = tf.math.maximum(zero, toInt(tf, tf.math.floor(tf.math.div(tf.math.sub(fth, rhf), tf.constant(2f)))));
    Operand<TInt32> pw = tf.math.maximum(zero, toInt(tf, tf.math.floor(tf.math.div(tf.math.sub(ftw, rwf), tf.constant(2f)))));
    Operand<TFloat32> resized = resize.apply(batch, tf.stack(List.of(rh, rw)));
    Operand<TInt32> after = tf.constant(0);
    Operand<TInt32> paddings = tf.stack(List.of(
        tf.stack(List.of(zero, after)),
        tf.stack(List.of(ph, tf.math.sub(tf.math.sub(tf.constant(th), ph), rh))),
        tf.stack(List.of(pw, tf.math.sub(tf.math.sub(tf.constant(tw), pw), rw))),
        tf.stack(List.of(zero, after))));
    return tf.pad(resized, paddings, tf.constant(0f));
  }

  private static Operand<TFloat32> toFloat(Ops tf, Operand<TInt32> x) {
    return tf.dtypes.cast(x, TFloat32.class);
  }

  private static Operand<TInt32> toInt(Ops tf, Operand<TFloat32> x) {
    return tf.dtypes.cast(x, TInt32.class);
  }
}
