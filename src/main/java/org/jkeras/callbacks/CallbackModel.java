package org.jkeras.callbacks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jkeras.distribute.MultiWorkerMirroredStrategy;
import org.jkeras.metrics.Metric;
import org.jkeras.optimizers.Optimizer;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.proto.GraphDef;

/**
 * What a callback sees of the model it runs with, Keras's {@code self.model} in a callback: its
 * name, {@code stop_training}, its optimizer, its weights, {@code save}, its compiled metrics, and
 * where progress is printed. A {@code Model} is one (cast to reach the rest of it).
 */
public interface CallbackModel {
  String name();

  /** Keras's {@code model.stop_training}. */
  boolean stopTraining();

  /** Keras's {@code model.stop_training = True}: {@code fit} ends after the current batch's epoch ends. */
  void setStopTraining(boolean stop);

  /** Keras's {@code model.optimizer} (null before {@code compile}). */
  Optimizer optimizer();

  /** Keras's {@code model.get_weights()}. */
  List<FloatNdArray> getWeights();

  /**
   * Keras's {@code [(w.path, w) for layer in model.layers for w in layer.weights]}: each weight's
   * value by its Keras path ({@code sequential/dense/kernel}), in layer order.
   */
  Map<String, FloatNdArray> weightsByPath();

  /** The model's TF graph: its forward pass, and its training step once {@code fit} has built it. */
  GraphDef graphDef();

  /** Keras's {@code model.to_json()}. */
  String toJson();

  /** Keras's {@code model.set_weights(weights)}. */
  void setWeights(List<? extends FloatNdArray> weights);

  /** Keras's {@code model.save(filepath)}. */
  void save(Path filepath) throws IOException;

  /**
   * Checks, creating nothing, that {@link #save} may write at {@code filepath}: throws the
   * IllegalArgumentException {@code save} would (a file, a folder of other files, a link...).
   */
  void checkSavePath(Path filepath);

  /** The compiled metrics by the name they are logged under ({@code accuracy}, {@code cls_accuracy}...); empty before compile. */
  Map<String, Metric> compiledMetrics();

  /** Where progress and callback messages are printed (standard output by default). */
  PrintStream out();

  /**
   * Keras's {@code model.distribute_strategy}: the multi-worker strategy the model trains with, or
   * null. Callbacks that write files write them for the chief only ({@code WorkerFiles}).
   */
  default MultiWorkerMirroredStrategy distributeStrategy() {
    return null;
  }

  // issue 13 (BackupAndRestore, ModelCheckpoint.saveWeightsOnly)

  /** Keras's {@code model.save_weights(filepath)}: the weights and the optimizer's state, Keras's {@code .weights.h5}. */
  void saveWeights(Path filepath) throws IOException;

  /** Checks, creating nothing, that {@link #saveWeights} may write at {@code filepath} (the IllegalArgumentException it would throw). */
  void checkSaveWeightsPath(Path filepath);

  /** Keras's {@code model.load_weights(filepath)}. */
  void loadWeights(Path filepath) throws IOException;

  /** Keras's {@code model._initial_epoch = epoch} in {@code on_train_begin}: the running {@code fit} starts at that epoch. */
  void setInitialEpoch(int epoch);
}
