package org.jkeras.trainers;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * The graph pieces of one compiled step: placeholders for a batch, the batch loss (regularisation
 * included), the per-metric sums over the batch, and for training the op that applies the update.
 */
record StepFunction(
    Placeholder<TFloat32> x,
    Placeholder<TFloat32> y,
    Shape labelShape,
    Operand<TFloat32> loss,
    List<Operand<TFloat32>> metricSums,
    Op train) {}
