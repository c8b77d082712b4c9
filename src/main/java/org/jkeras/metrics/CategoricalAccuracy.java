package org.jkeras.metrics;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/** Keras's {@code CategoricalAccuracy}: argmax of the one-hot label equals argmax of the prediction. */
public class CategoricalAccuracy extends MeanMetricWrapper {
  public CategoricalAccuracy() {
    this("categorical_accuracy");
  }

  public CategoricalAccuracy(String name) {
    super(name);
  }

  @Override
  public Operand<TFloat32> values(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    Operand<TInt64> a = tf.math.argMax(yTrue, tf.constant(-1));
    Operand<TInt64> b = tf.math.argMax(yPred, tf.constant(-1));
    return tf.dtypes.cast(tf.math.equal(a, b), TFloat32.class);
  }

  @Override
  public String direction() {
    return "up";
  }


  /** Keras's {@code from_config}. */
  public static CategoricalAccuracy fromConfig(Map<String, Object> config) {
    return new CategoricalAccuracy(readConfig("CategoricalAccuracy", config).getString("name", "categorical_accuracy"));
  }
}
