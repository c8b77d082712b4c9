package org.jkeras.metrics;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/** Keras's {@code SparseCategoricalAccuracy}: the integer label equals argmax of the prediction. */
public class SparseCategoricalAccuracy extends MeanMetricWrapper {
  public SparseCategoricalAccuracy() {
    this("sparse_categorical_accuracy");
  }

  public SparseCategoricalAccuracy(String name) {
    super(name);
  }

  @Override
  public Operand<TFloat32> values(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    Operand<TInt64> labels = tf.dtypes.cast(tf.reshape(yTrue, tf.constant(new long[] {-1})), TInt64.class);
    Operand<TInt64> b = tf.math.argMax(yPred, tf.constant(-1));
    return tf.dtypes.cast(tf.math.equal(labels, b), TFloat32.class);
  }

  @Override
  public String direction() {
    return "up";
  }


  /** Keras's {@code from_config}. */
  public static SparseCategoricalAccuracy fromConfig(Map<String, Object> config) {
    return new SparseCategoricalAccuracy(readConfig("SparseCategoricalAccuracy", config).getString("name", "sparse_categorical_accuracy"));
  }
}
