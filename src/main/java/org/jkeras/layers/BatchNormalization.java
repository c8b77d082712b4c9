package org.jkeras.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.DTypes;
import org.jkeras.backend.KerasVariable;
import org.jkeras.backend.Shapes;
import org.jkeras.initializers.Initializer;
import org.jkeras.initializers.Initializers;
import org.jkeras.initializers.Ones;
import org.jkeras.initializers.Zeros;
import org.jkeras.regularizers.Regularizer;
import org.jkeras.regularizers.Regularizers;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Keras's {@code BatchNormalization(axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
 * beta_initializer="zeros", gamma_initializer="ones", moving_mean_initializer="zeros",
 * moving_variance_initializer="ones", beta_regularizer=None, gamma_regularizer=None)}.
 *
 * <p>In training (and only while the layer is trainable, as Keras 3) the output is normalised with
 * the batch's own mean and (biased) variance over every axis but {@code axis}, and the moving
 * statistics are updated with the training step: {@code moving = moving * momentum + batch * (1 -
 * momentum)}. At inference (evaluate, predict, export) the moving statistics are used. Both cases
 * compute {@code tf.nn.batch_normalization}: {@code x * inv + (beta - mean * inv)} with {@code inv =
 * gamma / sqrt(variance + epsilon)}.
 *
 * <p>Weights, in Keras's order: {@code gamma}, {@code beta} (trainable), {@code moving_mean},
 * {@code moving_variance} (non-trainable: they count as non-trainable parameters in {@code summary}
 * and get no gradient). The math is composed from basic ops (mean, squared difference, rsqrt),
 * whose gradients TF-Java's graph has, rather than the fused kernel.
 */
public class BatchNormalization extends Layer {
  private final int axis;
  private double momentum = 0.99;
  private double epsilon = 1e-3;
  private boolean center = true;
  private boolean scale = true;
  private Initializer betaInitializer = new Zeros();
  private Initializer gammaInitializer = new Ones();
  private Initializer movingMeanInitializer = new Zeros();
  private Initializer movingVarianceInitializer = new Ones();
  private Regularizer betaRegularizer;
  private Regularizer gammaRegularizer;

  private KerasVariable gamma;
  private KerasVariable beta;
  private KerasVariable movingMean;
  private KerasVariable movingVariance;
  private int builtAxis;
  private int builtRank;

  /** {@code BatchNormalization()}: the last axis (channels last). */
  public BatchNormalization() {
    this(-1);
  }

  public BatchNormalization(int axis) {
    this.axis = axis;
  }

  public BatchNormalization momentum(double momentum) {
    if (!(momentum >= 0 && momentum <= 1)) {
      throw new IllegalArgumentException(
          "Received an invalid value for `momentum`, expected a float in [0, 1]. Received: momentum=" + momentum);
    }
    this.momentum = momentum;
    return this;
  }

  public BatchNormalization epsilon(double epsilon) {
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException(
          "Received an invalid value for `epsilon`, expected a positive float. Received: epsilon=" + epsilon);
    }
    this.epsilon = epsilon;
    return this;
  }

  public BatchNormalization center(boolean center) {
    this.center = center;
    return this;
  }

  public BatchNormalization scale(boolean scale) {
    this.scale = scale;
    return this;
  }

  public BatchNormalization betaInitializer(String initializer) {
    return betaInitializer(Initializers.get(initializer));
  }

  public BatchNormalization betaInitializer(Initializer initializer) {
    this.betaInitializer = initializer;
    return this;
  }

  public BatchNormalization gammaInitializer(String initializer) {
    return gammaInitializer(Initializers.get(initializer));
  }

  public BatchNormalization gammaInitializer(Initializer initializer) {
    this.gammaInitializer = initializer;
    return this;
  }

  public BatchNormalization movingMeanInitializer(String initializer) {
    return movingMeanInitializer(Initializers.get(initializer));
  }

  public BatchNormalization movingMeanInitializer(Initializer initializer) {
    this.movingMeanInitializer = initializer;
    return this;
  }

  public BatchNormalization movingVarianceInitializer(String initializer) {
    return movingVarianceInitializer(Initializers.get(initializer));
  }

  public BatchNormalization movingVarianceInitializer(Initializer initializer) {
    this.movingVarianceInitializer = initializer;
    return this;
  }

  public BatchNormalization betaRegularizer(Regularizer regularizer) {
    this.betaRegularizer = regularizer;
    return this;
  }

  public BatchNormalization betaRegularizer(String regularizer) {
    return betaRegularizer(Regularizers.get(regularizer));
  }

  public BatchNormalization gammaRegularizer(Regularizer regularizer) {
    this.gammaRegularizer = regularizer;
    return this;
  }

  public BatchNormalization gammaRegularizer(String regularizer) {
    return gammaRegularizer(Regularizers.get(regularizer));
  }

  @Override
  public BatchNormalization inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public BatchNormalization name(String name) {
    super.name(name);
    return this;
  }

  public int axis() {
    return axis;
  }

  public KerasVariable gamma() {
    return gamma;
  }

  public KerasVariable beta() {
    return beta;
  }

  public KerasVariable movingMean() {
    return movingMean;
  }

  public KerasVariable movingVariance() {
    return movingVariance;
  }

  private int positiveAxis(int rank) {
    return axis < 0 ? rank + axis : axis;
  }

  @Override
  protected void validateInputShape(Shape inputShape) {
    int rank = inputShape.numDimensions();
    int a = positiveAxis(rank);
    if (a < 1 || a >= rank) {
      throw new IllegalArgumentException(
          "Axis " + axis + " is out of bounds for input shape " + Shapes.format(inputShape) + ". Received: axis=" + axis);
    }
    if (inputShape.get(a) < 0) {
      throw new IllegalArgumentException(
          "Input 0 of layer \"" + name() + "\" has an undefined dimension on axis " + axis
              + ", which BatchNormalization normalises. Full shape received: " + Shapes.format(inputShape));
    }
  }

  @Override
  public void build(Shape inputShape) {
    builtRank = inputShape.numDimensions();
    builtAxis = positiveAxis(builtRank);
    Shape shape = Shape.of(inputShape.get(builtAxis));
    if (scale) {
      gamma = addWeight("gamma", shape, gammaInitializer, gammaRegularizer, true);
    }
    if (center) {
      beta = addWeight("beta", shape, betaInitializer, betaRegularizer, true);
    }
    movingMean = addWeight("moving_mean", shape, movingMeanInitializer, null, false);
    movingVariance = addWeight("moving_variance", shape, movingVarianceInitializer, null, false);
    // Keras: add_weight(autocast=False) for all four; its statistics math stays in float32.
    for (KerasVariable v : new KerasVariable[] {gamma, beta, movingMean, movingVariance}) {
      if (v != null) {
        v.setAutocast(false);
      }
    }
  }

  /** A (C,) vector reshaped to broadcast against the input along {@code axis}. */
  private Operand<TFloat32> broadcastable(Ops tf, Operand<TFloat32> v) {
    if (builtAxis == builtRank - 1) {
      return v;
    }
    long[] shape = new long[builtRank];
    Arrays.fill(shape, 1);
    shape[builtAxis] = -1;
    return tf.reshape(v, tf.constant(shape));
  }

  /**
   * Under a mixed policy, as Keras: the input upcast to float32 (BatchNormalization overflows or
   * loses its statistics in float16 and bfloat16), the moments, the moving averages and the
   * normalisation computed in float32 with the float32 weights, the output cast to the compute dtype.
   */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> input) {
    Ops tf = ctx.tf();
    Operand<TFloat32> x = DTypes.toFloat32(tf, input);
    return DTypes.cast(tf, normalize(ctx, x), ctx.dtypePolicy().computeDtype());
  }

  private Operand<TFloat32> normalize(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    boolean training = ctx.training();
    Operand<TFloat32> mean;
    Operand<TFloat32> variance;
    if (training && trainable()) {
      List<Integer> reduction = new ArrayList<>();
      for (int i = 0; i < builtRank; i++) {
        if (i != builtAxis) {
          reduction.add(i);
        }
      }
      Operand<TInt32> axes = tf.constant(reduction.stream().mapToInt(Integer::intValue).toArray());
      // tf.nn.moments: mean, then the mean squared difference from the (gradient-stopped) mean.
      Operand<TFloat32> m = tf.math.mean(x, axes, Mean.keepDims(true));
      Operand<TFloat32> v = tf.math.mean(tf.math.squaredDifference(x, tf.stopGradient(m)), axes,
          Mean.keepDims(true));
      Operand<TInt32> channels = tf.constant(new int[] {-1});
      mean = tf.reshape(m, channels);
      variance = tf.reshape(v, channels);
      Operand<TFloat32> mom = tf.constant((float) momentum);
      Operand<TFloat32> oneMinus = tf.constant((float) (1.0 - momentum));
      ctx.addUpdate(movingMean.assign(tf,
          tf.math.add(tf.math.mul(ctx.value(movingMean), mom), tf.math.mul(mean, oneMinus))));
      ctx.addUpdate(movingVariance.assign(tf,
          tf.math.add(tf.math.mul(ctx.value(movingVariance), mom), tf.math.mul(variance, oneMinus))));
    } else {
      mean = ctx.value(movingMean);
      variance = ctx.value(movingVariance);
    }
    // tf.nn.batch_normalization
    Operand<TFloat32> inv = tf.math.rsqrt(tf.math.add(variance, tf.constant((float) epsilon)));
    if (scale) {
      inv = tf.math.mul(inv, ctx.value(gamma));
    }
    Operand<TFloat32> shift = center
        ? tf.math.sub(ctx.value(beta), tf.math.mul(mean, inv))
        : tf.math.neg(tf.math.mul(mean, inv));
    return tf.math.add(tf.math.mul(x, broadcastable(tf, inv)), broadcastable(tf, shift));
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    return inputShape;
  }

  /** Keras's {@code BatchNormalization.call(inputs, training=None, mask=None)}. */
  @Override
  public boolean callTakesMask() {
    return true;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("axis", axis);
    c.put("momentum", momentum);
    c.put("epsilon", epsilon);
    c.put("center", center);
    c.put("scale", scale);
    c.put("beta_initializer", Initializers.serialize(betaInitializer));
    c.put("gamma_initializer", Initializers.serialize(gammaInitializer));
    c.put("moving_mean_initializer", Initializers.serialize(movingMeanInitializer));
    c.put("moving_variance_initializer", Initializers.serialize(movingVarianceInitializer));
    c.put("beta_regularizer", Regularizers.serialize(betaRegularizer));
    c.put("gamma_regularizer", Regularizers.serialize(gammaRegularizer));
    c.put("beta_constraint", null);
    c.put("gamma_constraint", null);
    c.put("synchronized", false);
    c.put("renorm", false);
    c.put("renorm_clipping", null);
    c.put("renorm_momentum", 0.99);
    return c;
  }

  /** Keras's {@code from_config}; constraints, synchronized and batch renormalization are not implemented. */
  public static BatchNormalization fromConfig(Map<String, Object> config) {
    Config c = Config.of("BatchNormalization", config);
    for (String unsupported : new String[] {"beta_constraint", "gamma_constraint", "renorm_clipping"}) {
      c.requireDefault(unsupported, null);
    }
    c.requireDefault("synchronized", false);
    c.requireDefault("renorm", false);
    BatchNormalization l = new BatchNormalization(c.getInt("axis", -1)).momentum(c.getDouble("momentum", 0.99))
        .epsilon(c.getDouble("epsilon", 1e-3)).center(c.getBoolean("center", true)).scale(c.getBoolean("scale", true));
    if (c.has("beta_initializer")) {
      l.betaInitializer(Initializers.deserialize(c.get("beta_initializer")));
    }
    if (c.has("gamma_initializer")) {
      l.gammaInitializer(Initializers.deserialize(c.get("gamma_initializer")));
    }
    if (c.has("moving_mean_initializer")) {
      l.movingMeanInitializer(Initializers.deserialize(c.get("moving_mean_initializer")));
    }
    if (c.has("moving_variance_initializer")) {
      l.movingVarianceInitializer(Initializers.deserialize(c.get("moving_variance_initializer")));
    }
    l.betaRegularizer(Regularizers.deserialize(c.get("beta_regularizer")));
    l.gammaRegularizer(Regularizers.deserialize(c.get("gamma_regularizer")));
    return withBaseConfig(l, c);
  }
}
