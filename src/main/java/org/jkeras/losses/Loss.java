package org.jkeras.losses;

import java.util.List;
import java.util.Map;
import org.jkeras.backend.Eager;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TFloat32;

/**
 * A loss, like {@code keras.losses.Loss} with the default reduction {@code "sum_over_batch_size"}:
 * {@link #call} gives the per-sample losses; {@link #reduce} their mean over the batch.
 */
public abstract class Loss {
  private final String name;

  protected Loss(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  /** Per-sample losses, shape (batch,). */
  public abstract Operand<TFloat32> call(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred);

  /** The batch loss: the mean of {@link #call} over the batch. */
  public Operand<TFloat32> reduce(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    Operand<TFloat32> perSample = call(tf, yTrue, yPred);
    return tf.math.mean(perSample, tf.constant(0));
  }

  /**
   * The batch loss with sample weights, as Keras's default reduction {@code sum_over_batch_size}:
   * {@code sum(w * loss) / batch_size} (not divided by the sum of the weights); without weights
   * ({@code sampleWeight} null) the mean of {@link #call}.
   */
  public Operand<TFloat32> reduce(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Operand<TFloat32> sampleWeight) {
    if (sampleWeight == null) {
      return reduce(tf, yTrue, yPred);
    }
    Operand<TFloat32> perSample = call(tf, yTrue, yPred);
    Operand<TFloat32> n = tf.dtypes.cast(tf.size(perSample), TFloat32.class);
    return tf.math.div(tf.reduceSum(tf.math.mul(perSample, sampleWeight), tf.constant(0)), n);
  }

  /** Keras's {@code get_config()}: the name, the reduction and each loss's arguments. */
  public abstract Map<String, Object> getConfig();

  /** Keras's default reduction, the only one jkeras implements: the mean over the batch. */
  protected static final String REDUCTION = "sum_over_batch_size";

  /** A loss config for {@code fromConfig}, after refusing a reduction other than {@link #REDUCTION}. */
  protected static Config readConfig(String className, Map<String, Object> config) {
    Config c = Config.of(className, config);
    c.requireDefault("reduction", REDUCTION);
    return c;
  }

  /**
   * Keras's {@code loss(y_true, y_pred)} on arrays: the batch loss, computed with the same graph ops
   * as in training (predictions are probabilities here: no logits to recover).
   */
  public float call(FloatNdArray yTrue, FloatNdArray yPred) {
    return Eager.scalar(tf -> reduce(tf, Eager.constant(tf, yTrue),
        Eager.constant(tf, yPred)));
  }

  /**
   * Keras's {@code squeeze_or_expand_to_same_rank}: labels of shape (batch,) against predictions of
   * shape (batch, 1) get the trailing axis added.
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
    return getClass().getSimpleName() + "(" + name + ")";
  }
}
