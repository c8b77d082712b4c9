package org.jkeras.losses;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.Eager;
import org.jkeras.backend.Names;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TFloat32;

/**
 * A loss, like {@code keras.losses.Loss}: {@link #call} gives the per-sample losses (any shape,
 * usually one value per sample); {@link #reduce}, Keras's {@code __call__}, multiplies them by the
 * sample weights and applies the {@link #reduction()} ({@code "sum_over_batch_size"} by default:
 * {@code sum(w * loss) / number of losses}, not divided by the sum of the weights).
 *
 * <p>A user-written loss only implements {@code call}, as in Keras; reduction and sample weights
 * come with the base class:
 *
 * <pre>{@code
 * class MeanFourthPower extends Loss {
 *   public Operand<TFloat32> call(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
 *     Operand<TFloat32> d = tf.math.square(tf.math.sub(yPred, yTrue));
 *     return tf.math.mean(tf.math.square(d), tf.constant(-1));
 *   }
 * }
 * model.compile("adam", new MeanFourthPower());
 * }</pre>
 */
public abstract class Loss {
  private String name;
  private String reduction = Reduction.SUM_OVER_BATCH_SIZE;

  /** A loss named automatically from its class ({@code MeanFourthPower} is {@code mean_fourth_power}), as Keras. */
  protected Loss() {}

  protected Loss(String name) {
    this.name = name;
  }

  /** The name ({@code binary_crossentropy}...); a loss given none gets Keras's automatic name. */
  public String name() {
    if (name == null) {
      name = Names.unique(Names.snakeCase(getClass().getSimpleName()));
    }
    return name;
  }

  /** Keras's {@code name=} argument. */
  public Loss name(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("Received an invalid value for `name`: expected a non-empty string. Received: name="
          + name);
    }
    this.name = name;
    return this;
  }

  /** The reduction: {@code "sum_over_batch_size"}, {@code "sum"}, {@code "mean"}, {@code "mean_with_sample_weight"}, {@code "none"} or null. */
  public String reduction() {
    return reduction;
  }

  /** Keras's {@code reduction=} argument (see {@link Reduction}). */
  public Loss reduction(String reduction) {
    this.reduction = Reduction.standardize(reduction);
    return this;
  }

  /** Keras's {@code call(y_true, y_pred)}: the losses before sample weights and reduction, usually shape (batch,). */
  public abstract Operand<TFloat32> call(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred);

  /** The reduced loss without sample weights. */
  public Operand<TFloat32> reduce(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    return reduce(tf, yTrue, yPred, null);
  }

  /**
   * Keras's {@code loss(y_true, y_pred, sample_weight)}: {@link #call}, times the sample weights
   * (null: none), reduced by {@link #reduction()}: a scalar, or the weighted losses for {@code "none"}.
   */
  public Operand<TFloat32> reduce(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Operand<TFloat32> sampleWeight) {
    return Reduction.reduceWeightedValues(tf, call(tf, yTrue, yPred), sampleWeight, reduction);
  }

  // ---------------------------------------------------------------- eager use

  /**
   * Keras's {@code loss(y_true, y_pred)} on arrays: the reduced loss, computed with the same graph
   * ops as in training (predictions are probabilities here: no logits to recover).
   */
  public float call(FloatNdArray yTrue, FloatNdArray yPred) {
    return call(yTrue, yPred, null);
  }

  /** Keras's {@code loss(y_true, y_pred, sample_weight)} on arrays, for a reduction that gives one number. */
  public float call(FloatNdArray yTrue, FloatNdArray yPred, FloatNdArray sampleWeight) {
    FloatNdArray out = callArray(yTrue, yPred, sampleWeight);
    if (out.rank() != 0) {
      throw new IllegalStateException("Loss `" + name() + "` with reduction=" + reduction + " gives " + out.shape()
          + " values, not one number: use callArray.");
    }
    return out.getFloat();
  }

  /** Keras's {@code loss(y_true, y_pred, sample_weight)} on arrays, whatever the reduction ({@code sampleWeight} may be null). */
  public FloatNdArray callArray(FloatNdArray yTrue, FloatNdArray yPred, FloatNdArray sampleWeight) {
    return Eager.array(tf -> reduce(tf, Eager.constant(tf, yTrue), Eager.constant(tf, yPred),
        sampleWeight == null ? null : Eager.constant(tf, sampleWeight)));
  }

  // ---------------------------------------------------------------- config

  /** Keras's {@code get_config()}: the name and the reduction; losses with arguments add theirs. */
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name());
    c.put("reduction", reduction);
    return c;
  }

  /** A loss config for {@code fromConfig}. */
  protected static Config readConfig(String className, Map<String, Object> config) {
    return Config.of(className, config);
  }

  /** {@code loss} with the name and reduction of {@code c} when it has them (Keras's {@code cls(**config)}). */
  protected static <L extends Loss> L withBaseConfig(L loss, Config c) {
    if (c.has("name")) {
      loss.name(c.getString("name"));
    }
    if (c.asMap().containsKey("reduction")) {
      Object r = c.get("reduction");
      if (r != null && !(r instanceof String)) {
        throw new IllegalArgumentException("Invalid `reduction` in the config of " + loss.getClass().getSimpleName()
            + ": expected a string or None. Received: reduction=" + r);
      }
      loss.reduction((String) r);
    }
    return loss;
  }

  /** Keras's {@code squeeze_or_expand_to_same_rank(y_true, y_pred)}, which its built-in losses apply first. */
  protected static Reduction.SameRank sameRank(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    return Reduction.squeezeOrExpand(tf, yTrue, yPred);
  }

  /**
   * Labels of shape (batch,) against predictions of shape (batch, 1) get the trailing axis added;
   * labels (batch, 1) against predictions (batch,) lose theirs.
   */
  public static Operand<TFloat32> matchRank(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    int rt = yTrue.shape().numDimensions();
    int rp = yPred.shape().numDimensions();
    if (rt == rp - 1) {
      return tf.expandDims(yTrue, tf.constant(-1));
    }
    if (rt == rp + 1 && yTrue.shape().get(rt - 1) == 1) {
      return tf.squeeze(yTrue, Squeeze.axis(List.of(-1L)));
    }
    return yTrue;
  }

  /** The pre-activation input of a sigmoid or softmax output (Keras 3's {@code _keras_logits}), or null. */
  protected static Operand<TFloat32> logitsOf(Operand<TFloat32> output, String activationOp) {
    if (output.op().type().equals(activationOp) && output.op() instanceof GraphOperation) {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> in = (Operand<TFloat32>) ((GraphOperation) output.op()).input(0);
      return in;
    }
    return null;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + name() + ")";
  }
}
