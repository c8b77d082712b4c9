package org.jkeras.losses;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code Hinge()} ({@code "hinge"}): {@code mean(max(1 - t * p, 0), axis=-1)}, labels -1
 * or 1; labels given as 0 and 1 (every label of the batch) are turned into -1 and 1 first.
 */
public class Hinge extends Loss {
  public Hinge() {
    super("hinge");
  }

  @Override
  public Operand<TFloat32> call(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    Reduction.SameRank s = sameRank(tf, yTrue, yPred);
    return tf.math.mean(margin(tf, s.first(), s.second()), tf.constant(-1));
  }

  /** {@code max(1 - t * p, 0)} with Keras's label conversion. */
  static Operand<TFloat32> margin(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    Operand<TFloat32> t = binaryLabelsToHinge(tf, yTrue);
    return tf.math.maximum(tf.math.sub(tf.constant(1f), tf.math.mul(t, yPred)), tf.constant(0f));
  }

  /** Keras's {@code convert_binary_labels_to_hinge}: {@code 2t - 1} when every label is 0 or 1, else the labels. */
  static Operand<TFloat32> binaryLabelsToHinge(Ops tf, Operand<TFloat32> t) {
    Operand<TBool> binary = tf.reduceAll(tf.math.logicalOr(tf.math.equal(t, tf.constant(0f)), tf.math.equal(t, tf.constant(1f))),
        Reduction.allAxes(tf, t.shape().numDimensions()));
    Operand<TFloat32> converted = tf.math.sub(tf.math.mul(tf.constant(2f), t), tf.constant(1f));
    return tf.select(binary, converted, t);
  }

  /** Keras's {@code from_config}. */
  public static Hinge fromConfig(Map<String, Object> config) {
    return withBaseConfig(new Hinge(), readConfig("Hinge", config));
  }
}
