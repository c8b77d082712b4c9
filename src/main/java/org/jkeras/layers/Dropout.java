package org.jkeras.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.Shapes;
import org.jkeras.backend.DTypes;
import org.jkeras.random.SeedGenerator;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Keras's {@code Dropout(rate, noise_shape=None, seed=None)}: in training, zeroes each unit with
 * probability {@code rate} and scales the kept ones by {@code 1 / (1 - rate)}; the identity at
 * inference. TF has no dropout op in this runtime, so it is built from a stateless uniform draw.
 *
 * <p>{@code noise_shape} draws the keep mask at that shape and broadcasts it over the input:
 * EfficientNet's drop-connect is {@code Dropout(rate, noise_shape=(None, 1, 1, 1))}, which keeps
 * or drops a whole sample's residual branch. A null entry takes the input's size on that axis.
 */
public class Dropout extends Layer {
  private final double rate;
  private final Long seed;
  private final SeedGenerator seedGenerator;
  private Integer[] noiseShape;

  public Dropout(double rate) {
    this(rate, null);
  }

  public Dropout(double rate, Long seed) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(
          "Invalid value received for argument `rate`. Expected a float value between 0 and 1. Received: rate=" + rate);
    }
    this.rate = rate;
    this.seed = seed;
    this.seedGenerator = new SeedGenerator(seed);
  }

  @Override
  public Dropout name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public Dropout inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  public double rate() {
    return rate;
  }

  /**
   * Keras's {@code noise_shape}: the shape of the keep mask, one entry per input axis, null for
   * "the input's size" ({@code new Integer[] {null, 1, 1, 1}}); null for the input's shape.
   */
  public Dropout noiseShape(Integer... noiseShape) {
    if (noiseShape != null) {
      for (int i = 0; i < noiseShape.length; i++) {
        if (noiseShape[i] != null && noiseShape[i] <= 0) {
          throw new IllegalArgumentException("Invalid value received for argument `noise_shape`. Expected all dimensions"
              + " to be positive integers or None. Received negative or zero value at index " + i + ": " + noiseShape[i]);
        }
      }
    }
    this.noiseShape = noiseShape == null ? null : noiseShape.clone();
    return this;
  }

  public Integer[] noiseShape() {
    return noiseShape == null ? null : noiseShape.clone();
  }

  @Override
  protected void validateInputShape(Shape inputShape) {
    if (noiseShape == null) {
      return;
    }
    boolean fits = noiseShape.length == inputShape.numDimensions();
    for (int i = 0; fits && i < noiseShape.length; i++) {
      long d = inputShape.get(i);
      fits = noiseShape[i] == null || noiseShape[i] == 1 || d < 0 || noiseShape[i] == d;
    }
    if (!fits) {
      throw new IllegalArgumentException("Layer \"" + name() + "\": `noise_shape` must have one entry per input axis, each"
          + " None, 1 or the input's size, to broadcast over the input. Received: noise_shape=" + formatNoiseShape()
          + ", input shape=" + Shapes.format(inputShape));
    }
  }

  private String formatNoiseShape() {
    List<String> parts = new ArrayList<>();
    for (Integer d : noiseShape) {
      parts.add(d == null ? "None" : d.toString());
    }
    return "(" + String.join(", ", parts) + (parts.size() == 1 ? ",)" : ")");
  }

  @Override
  protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    boolean training = ctx.training();
    if (!training || rate == 0) {
      return x;
    }
    if (rate == 1) {
      return tf.zerosLike(x);
    }
    Operand<TFloat32> u = tf.random.statelessRandomUniform(maskShape(tf, x), seedGenerator.next(ctx));
    // The mask drawn in float32 whatever x's dtype (the same mask as in a float32 model), then x's dtype.
    Operand<TFloat32> keep = DTypes.cast(tf, tf.math.greaterEqual(u, tf.constant((float) rate)), DTypes.dtypeOf(x));
    return tf.math.mul(tf.math.mul(x, DTypes.constantLike(tf, 1.0 / (1.0 - rate), x)), keep);
  }

  /** Computes in any float dtype (mixed precision): the mask and the scale in the input's dtype. */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  /** The input's dynamic shape, or Keras's concrete noise shape: {@code shape * known + given}. */
  private Operand<TInt32> maskShape(Ops tf, Operand<TFloat32> x) {
    if (noiseShape == null) {
      return tf.shape(x);
    }
    int[] keep = new int[noiseShape.length];
    int[] given = new int[noiseShape.length];
    for (int i = 0; i < noiseShape.length; i++) {
      keep[i] = noiseShape[i] == null ? 1 : 0;
      given[i] = noiseShape[i] == null ? 0 : noiseShape[i];
    }
    return tf.math.add(tf.math.mul(tf.shape(x), tf.constant(keep)), tf.constant(given));
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    return inputShape;
  }

  /** Keras builds this layer when it is made: its saved config has no {@code build_config}. */
  @Override
  protected boolean buildsAtInit() {
    return true;
  }

  /** Keras's {@code Dropout.call(inputs, training=False)}. */
  @Override
  public Boolean callTrainingDefault() {
    return false;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("rate", rate);
    c.put("seed", seed);
    c.put("noise_shape", noiseShape == null ? null : Arrays.asList(noiseShape.clone()));
    return c;
  }

  /** Keras's {@code from_config}. */
  public static Dropout fromConfig(Map<String, Object> config) {
    Config c = Config.of("Dropout", config);
    Dropout d = new Dropout(c.getDouble("rate"), c.getLongOrNull("seed"));
    List<Object> noise = c.getListOrNull("noise_shape");
    if (noise != null) {
      Integer[] shape = new Integer[noise.size()];
      for (int i = 0; i < shape.length; i++) {
        Object v = noise.get(i);
        if (v != null && !(v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()))) {
          throw new IllegalArgumentException("Invalid value received for argument `noise_shape`. Expected all elements to"
              + " be integers or None. Received element at index " + i + ": " + v);
        }
        shape[i] = v == null ? null : ((Number) v).intValue();
      }
      d.noiseShape(shape);
    }
    return withBaseConfig(d, c);
  }
}
