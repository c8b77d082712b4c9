package org.jkeras.trainers;

import java.util.List;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.GraphContext;
import org.jkeras.backend.KerasVariable;
import org.jkeras.callbacks.CallbackModel;
import org.jkeras.dtypepolicies.DTypePolicy;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * What the {@link Trainer} needs of its model: the model as a layer (its call, shapes, trainable
 * weights and penalties), its input and output names, the graph its weights live in, and what
 * callbacks see of it. A {@code Model} is one; the trainer knows nothing else of it.
 */
public interface TrainerModel extends CallbackModel {
  /** The forward pass on graph operands, one per input; one operand per output. */
  List<Operand<TFloat32>> invoke(CallContext ctx, List<Operand<TFloat32>> inputs);

  /** The (first) input shape the model was built for, or null before it is built. */
  Shape builtInputShape();

  List<Shape> builtInputShapes();

  List<Shape> computeOutputShapes(List<Shape> inputShapes);

  List<KerasVariable> trainableWeights();

  /** Every weight, trainable or not (what a multi-worker strategy broadcasts from the chief). */
  List<KerasVariable> weights();

  /** The weight-regularisation penalties, read through {@code ctx}. */
  List<Operand<TFloat32>> regularizationLosses(CallContext ctx);

  List<String> inputNames();

  /** The output names: losses, metrics and logs go by them. */
  List<String> outputNames();

  /** Keras's {@code model.dtype_policy}: {@code compile} wraps the optimizer for loss scaling under mixed_float16. */
  DTypePolicy dtypePolicy();

  /** The model's graph, with every weight in it. */
  GraphContext context();

  /**
   * Builds a model that has no input shape yet from the data's batch shape (a {@code Sequential}'s
   * deferred build); a model that cannot be built so says it is not built.
   */
  void buildFromData(Shape batchShape);

  /** Keras's {@code model_supports_jit}: every layer of the model supports XLA ({@code supports_jit}). */
  boolean allSupportJit();
}
