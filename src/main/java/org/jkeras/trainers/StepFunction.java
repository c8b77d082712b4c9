package org.jkeras.trainers;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The graph pieces of one compiled step: placeholders for a batch (one per input, one per output's
 * labels, one sample-weight vector per output when the data has them), the batch loss
 * (regularisation included), each trained output's own loss, each metric's result after the
 * batch (in {@link Compiled#metricsByLogName()} order; fetching it runs the metric's update), and
 * for training the op that applies the update. With several workers ({@code
 * MultiWorkerMirroredStrategy}) the loss, output losses and metrics are the global batch's, and
 * {@code globalBatchSize} its number of samples (null for one worker). A step compiled whole by
 * XLA ({@code jit_compile}) has {@code clustered}: the same step with only the ops XLA can compile
 * in XLA clusters, for a step that has others (null otherwise).
 */
record StepFunction(
    List<Placeholder<TFloat32>> xs,
    List<Placeholder<TFloat32>> ys,
    List<Placeholder<TFloat32>> sampleWeights,
    List<Shape> labelShapes,
    Operand<TFloat32> loss,
    List<Operand<TFloat32>> outputLosses,
    List<Operand<TFloat32>> metricResults,
    Op train,
    Operand<TFloat32> globalBatchSize,
    Supplier<StepFunction> clustered) {

  /** True when this step was built for data of these label shapes, with or without sample weights. */
  boolean fits(List<Shape> labels, boolean weighted) {
    if (weighted == sampleWeights.isEmpty() || labels.size() != labelShapes.size()) {
      return false;
    }
    for (int i = 0; i < labels.size(); i++) {
      if (!Arrays.equals(labels.get(i).asArray(), labelShapes.get(i).asArray())) {
        return false;
      }
    }
    return true;
  }
}
