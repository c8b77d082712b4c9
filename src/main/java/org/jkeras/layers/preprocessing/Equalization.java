package org.jkeras.layers.preprocessing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.DTypes;
import org.jkeras.backend.Gradients;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.core.Stack;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Keras's {@code Equalization(value_range=(0, 255), bins=256)}: histogram equalization, channel by
 * channel. As Keras computes it, one histogram per channel covers the whole batch (not each image);
 * its cumulative counts, shifted so that the first occupied bin maps to 0 and scaled to 255 and
 * rounded (half to even), form the lookup table each value goes through. A channel with a single
 * occupied bin is left alone. In training only (Keras's {@code transform_images} checks {@code
 * training}); the identity at inference. No gradient flows through it (integer bins, as in Keras).
 *
 * <p>Transformation: none, (batch, 0).
 */
public class Equalization extends BaseImagePreprocessingLayer {
  private final int bins;
  private double[] valueRange = {0, 255};

  public Equalization() {
    this(256);
  }

  public Equalization(int bins) {
    if (bins < 1) {
      throw new IllegalArgumentException("The `bins` argument should be a positive integer. Received: bins=" + bins);
    }
    this.bins = bins;
  }

  public Equalization valueRange(double low, double high) {
    this.valueRange = ValueRange.check(low, high);
    return this;
  }

  public int bins() {
    return bins;
  }

  public double[] valueRange() {
    return valueRange.clone();
  }

  @Override
  public Equalization name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public Equalization inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public Operand<TFloat32> getRandomTransformation(CallContext ctx, Operand<TFloat32> images) {
    return ImageMath.none(ctx.tf(), images);
  }

  @Override
  public Operand<TFloat32> transformImages(Ops tf, Operand<TFloat32> images, Operand<TFloat32> transformation) {
    Gradients.registerZeroGradient("Round");
    Gradients.registerZeroGradient("Bincount");
    int channels = (int) images.shape().get(3);
    Operand<TFloat32> x = tf.stopGradient(images);
    List<Operand<TFloat32>> out = new ArrayList<>();
    for (int k = 0; k < channels; k++) {
      Operand<TFloat32> channel = tf.squeeze(tf.slice(x, tf.constant(new int[] {0, 0, 0, k}),
          tf.constant(new int[] {-1, -1, -1, 1})), Squeeze.axis(List.of(3L)));
      out.add(equalize(tf, channel));
    }
    return tf.stack(out, Stack.axis(3L));
  }

  /** Keras's {@code _equalize_channel} on one channel of the batch, (batch, h, w). */
  private Operand<TFloat32> equalize(Ops tf, Operand<TFloat32> channel) {
    // Keras compares its (sorted, hence list) value_range with the tuple (0, 255): never equal, so it
    // always scales, by value * scale + offset.
    float scale = (float) (255.0 / (valueRange[1] - valueRange[0]));
    float offset = (float) (0 - valueRange[0] * (255.0 / (valueRange[1] - valueRange[0])));
    // In the images' dtype (bfloat16 under a mixed policy), as Keras's: values * scale + offset.
    Operand<TFloat32> v = tf.math.add(tf.math.mul(channel, DTypes.constantLike(tf, scale, channel)),
        DTypes.constantLike(tf, offset, channel));
    // _custom_histogram_fixed_width over (0, 255), in float32 (Keras casts the values to it)
    Operand<TFloat32> v32 = DTypes.toFloat32(tf, v);
    Operand<TFloat32> scaled = tf.math.div(tf.math.mul(tf.math.sub(v32, tf.constant(0f)), tf.constant((float) (bins - 1))),
        tf.math.sub(tf.constant(255f), tf.constant(0f)));
    Operand<TInt32> idx = tf.clipByValue(tf.dtypes.cast(scaled, TInt32.class), tf.constant(0), tf.constant(bins - 1));
    Operand<TFloat32> hist = tf.math.bincount(tf.reshape(idx, tf.constant(new int[] {-1})), tf.constant(bins),
        tf.constant(new float[0]));
    Operand<TFloat32> occupied = tf.sum(tf.dtypes.cast(tf.math.greater(hist, tf.constant(0f)), TFloat32.class),
        tf.constant(0));
    // _apply_equalization
    Operand<TFloat32> cdf = tf.math.cumsum(hist, tf.constant(0));
    Operand<TFloat32> big = tf.constant(Float.MAX_VALUE);
    Operand<TFloat32> cdfMin = tf.min(tf.select(tf.math.greater(cdf, tf.constant(0f)), cdf,
        tf.broadcastTo(big, tf.shape(cdf))), tf.constant(0));
    Operand<TFloat32> last = tf.reshape(tf.slice(cdf, tf.constant(new int[] {bins - 1}), tf.constant(new int[] {1})),
        tf.constant(new int[0]));
    Operand<TFloat32> denominator = tf.math.sub(last, cdfMin);
    denominator = tf.select(tf.math.equal(denominator, tf.constant(0f)), tf.constant(1f), denominator);
    Operand<TFloat32> lut = tf.math.div(tf.math.mul(tf.math.sub(cdf, cdfMin), tf.constant(255f)), denominator);
    lut = tf.clipByValue(tf.math.round(lut), tf.constant(0f), tf.constant(255f));
    // The lookup position in the images' dtype, as Keras's (channel / 255.0) * (bins - 1); the table's
    // values are whole numbers (float64 in Keras: the same values), and so the result until the cast back.
    Operand<TFloat32> position = tf.math.mul(tf.math.div(v, DTypes.constantLike(tf, 255, v)),
        DTypes.constantLike(tf, bins - 1, v));
    Operand<TInt32> at = tf.dtypes.cast(tf.clipByValue(position, DTypes.constantLike(tf, 0, v),
        DTypes.constantLike(tf, bins - 1, v)), TInt32.class);
    Operand<TFloat32> equalized = tf.gather(lut, at, tf.constant(0));
    Operand<TFloat32> y = tf.select(tf.broadcastTo(tf.math.lessEqual(occupied, tf.constant(1f)), tf.shape(v)), v32,
        equalized);
    // back with _scale_values((0, 255) -> value_range)
    float backScale = (float) ((valueRange[1] - valueRange[0]) / 255.0);
    float backOffset = (float) (valueRange[0] - 0 * ((valueRange[1] - valueRange[0]) / 255.0));
    return DTypes.cast(tf, tf.math.add(tf.math.mul(y, tf.constant(backScale)), tf.constant(backOffset)),
        DTypes.dtypeOf(channel));
  }

  /** Computes in bfloat16 and float16 as Keras's layer does (parity {@code keras_augmentation_layers}, mixed_bfloat16). */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("bins", bins);
    c.put("value_range", pair(valueRange));
    return c;
  }

  /** Keras's {@code from_config}. */
  public static Equalization fromConfig(Map<String, Object> config) {
    Config c = Config.of("Equalization", config);
    double[] range = valueRangeOf(c);
    return withImageConfig(new Equalization(c.getInt("bins", 256)).valueRange(range[0], range[1]), c);
  }
}
