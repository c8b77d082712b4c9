package org.jkeras.metrics;

import java.util.Map;
import org.jkeras.losses.Loss;
import org.jkeras.losses.Losses;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's metric {@code CosineSimilarity} ({@code "cosine_similarity"}): the mean over samples of
 * {@code sum(l2norm(t) * l2norm(p), axis=-1)} (the loss's value, not negated), larger is better.
 */
public class CosineSimilarity extends MeanMetricWrapper {
  private final Loss loss = Losses.get("cosine_similarity");

  public CosineSimilarity() {
    this("cosine_similarity");
  }

  public CosineSimilarity(String name) {
    super(name);
  }

  @Override
  public Operand<TFloat32> values(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    return tf.math.neg(loss.call(tf, yTrue, yPred)); // the loss is the negated similarity
  }

  @Override
  public String direction() {
    return "up";
  }

  /** Keras's {@code from_config}. */
  public static CosineSimilarity fromConfig(Map<String, Object> config) {
    return withName(new CosineSimilarity(), readConfig("CosineSimilarity", config));
  }
}
