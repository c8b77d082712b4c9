package org.jkeras.regularizers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Keras's {@code L1L2(l1=0.0, l2=0.0)}: {@code l1 * sum(|x|) + l2 * sum(x^2)}. */
public class L1L2 implements Regularizer {
  protected final double l1;
  protected final double l2;

  public L1L2(double l1, double l2) {
    Regularizers.validateFactor("l1", l1);
    Regularizers.validateFactor("l2", l2);
    this.l1 = l1;
    this.l2 = l2;
  }

  public double l1() {
    return l1;
  }

  public double l2() {
    return l2;
  }

  @Override
  public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x) {
    Operand<TFloat32> total = tf.constant(0f);
    Operand<TInt32> all = allAxes(tf, x);
    if (l1 != 0) {
      total = tf.math.add(total, tf.math.mul(tf.constant((float) l1), tf.reduceSum(tf.math.abs(x), all)));
    }
    if (l2 != 0) {
      total = tf.math.add(total, tf.math.mul(tf.constant((float) l2), tf.reduceSum(tf.math.square(x), all)));
    }
    return total;
  }

  static Operand<TInt32> allAxes(Ops tf, Operand<TFloat32> x) {
    return tf.range(tf.constant(0), tf.rank(x), tf.constant(1));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("l1", l1);
    c.put("l2", l2);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static L1L2 fromConfig(Map<String, Object> config) {
    Config c = Config.of("L1L2", config);
    return new L1L2(c.getDouble("l1", 0.0), c.getDouble("l2", 0.0));
  }
}
