package org.jkeras.layers;

import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.DTypes;
import org.jkeras.backend.KerasVariable;
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
import org.tensorflow.types.TFloat32;

/**
 * What LayerNormalization and GroupNormalization share: {@code epsilon} (1e-3), {@code center} and
 * {@code scale}, the initializers and regularizers of {@code beta} and {@code gamma}, their creation
 * (gamma first, as Keras), and their config entries in Keras's order. Constraints are not
 * implemented: the config holds null and {@link #withNormalizationConfig} refuses anything else.
 * Self-typed, as {@link KernelLayer}, so that the setters return the concrete layer.
 *
 * @param <L> the concrete layer class
 */
public abstract class NormalizationLayer<L extends NormalizationLayer<L>> extends Layer {
  private double epsilon = 1e-3;
  private boolean center = true;
  private boolean scale = true;
  private Initializer betaInitializer = new Zeros();
  private Initializer gammaInitializer = new Ones();
  private Regularizer betaRegularizer;
  private Regularizer gammaRegularizer;

  private KerasVariable gamma;
  private KerasVariable beta;

  protected NormalizationLayer() {}

  /** {@code this}, as the concrete class. */
  protected abstract L self();

  public L epsilon(double epsilon) {
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException(
          "Received an invalid value for `epsilon`, expected a positive float. Received: epsilon=" + epsilon);
    }
    this.epsilon = epsilon;
    return self();
  }

  /** Keras's {@code center}: add the learned offset {@code beta}. */
  public L center(boolean center) {
    this.center = center;
    return self();
  }

  /** Keras's {@code scale}: multiply by the learned {@code gamma}. */
  public L scale(boolean scale) {
    this.scale = scale;
    return self();
  }

  public L betaInitializer(String initializer) {
    return betaInitializer(Initializers.get(initializer));
  }

  public L betaInitializer(Initializer initializer) {
    this.betaInitializer = initializer;
    return self();
  }

  public L gammaInitializer(String initializer) {
    return gammaInitializer(Initializers.get(initializer));
  }

  public L gammaInitializer(Initializer initializer) {
    this.gammaInitializer = initializer;
    return self();
  }

  public L betaRegularizer(String regularizer) {
    return betaRegularizer(Regularizers.get(regularizer));
  }

  public L betaRegularizer(Regularizer regularizer) {
    this.betaRegularizer = regularizer;
    return self();
  }

  public L gammaRegularizer(String regularizer) {
    return gammaRegularizer(Regularizers.get(regularizer));
  }

  public L gammaRegularizer(Regularizer regularizer) {
    this.gammaRegularizer = regularizer;
    return self();
  }

  @Override
  public L name(String name) {
    super.name(name);
    return self();
  }

  @Override
  public L inputShape(int... shape) {
    super.inputShape(shape);
    return self();
  }

  public double epsilon() {
    return epsilon;
  }

  public boolean center() {
    return center;
  }

  public boolean scale() {
    return scale;
  }

  /** The scale weight (null before building, or without {@code scale}). */
  public KerasVariable gamma() {
    return gamma;
  }

  /** The offset weight (null before building, or without {@code center}). */
  public KerasVariable beta() {
    return beta;
  }

  /** Creates {@code gamma} (when {@code withGamma}) then {@code beta} (when {@code withBeta}), of {@code shape}. */
  protected void addGammaBeta(Shape shape, boolean withGamma, boolean withBeta) {
    if (withGamma) {
      gamma = addWeight("gamma", shape, gammaInitializer, gammaRegularizer, true);
    }
    if (withBeta) {
      beta = addWeight("beta", shape, betaInitializer, betaRegularizer, true);
    }
    // Keras: add_weight(autocast=False); the normalisation stays in float32 under a mixed policy.
    for (KerasVariable v : new KerasVariable[] {gamma, beta}) {
      if (v != null) {
        v.setAutocast(false);
      }
    }
  }

  /**
   * Under a mixed policy, as Keras's LayerNormalization and GroupNormalization: the input upcast to
   * float32, the moments and the normalisation in float32 with the float32 weights, the output
   * cast to the compute dtype.
   */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  protected final Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> input) {
    Ops tf = ctx.tf();
    return DTypes.cast(tf, normalize(ctx, DTypes.toFloat32(tf, input)), ctx.dtypePolicy().computeDtype());
  }

  /** The layer's normalisation of {@code x} (float32). */
  protected abstract Operand<TFloat32> normalize(CallContext ctx, Operand<TFloat32> x);

  /** Puts {@code epsilon} to {@code gamma_constraint} into {@code c}, with {@code between} after {@code scale}. */
  protected void putNormalizationConfig(Map<String, Object> c, Map<String, Object> between) {
    c.put("epsilon", epsilon);
    c.put("center", center);
    c.put("scale", scale);
    c.putAll(between);
    c.put("beta_initializer", Initializers.serialize(betaInitializer));
    c.put("gamma_initializer", Initializers.serialize(gammaInitializer));
    c.put("beta_regularizer", Regularizers.serialize(betaRegularizer));
    c.put("gamma_regularizer", Regularizers.serialize(gammaRegularizer));
    c.put("beta_constraint", null);
    c.put("gamma_constraint", null);
  }

  /** For a subclass's {@code fromConfig}: the shared arguments and the base layer's, applied to {@code layer}. */
  protected static <T extends NormalizationLayer<T>> T withNormalizationConfig(T layer, Config c) {
    c.requireDefault("beta_constraint", null);
    c.requireDefault("gamma_constraint", null);
    layer.epsilon(c.getDouble("epsilon", 1e-3)).center(c.getBoolean("center", true)).scale(c.getBoolean("scale", true));
    if (c.has("beta_initializer")) {
      layer.betaInitializer(Initializers.deserialize(c.get("beta_initializer")));
    }
    if (c.has("gamma_initializer")) {
      layer.gammaInitializer(Initializers.deserialize(c.get("gamma_initializer")));
    }
    layer.betaRegularizer(Regularizers.deserialize(c.get("beta_regularizer")));
    layer.gammaRegularizer(Regularizers.deserialize(c.get("gamma_regularizer")));
    return withBaseConfig(layer, c);
  }
}
