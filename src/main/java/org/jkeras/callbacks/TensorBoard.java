package org.jkeras.callbacks;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.backend.SummaryFileWriter;
import org.jkeras.distribute.WorkerFiles;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Keras's {@code TensorBoard(log_dir="logs", histogram_freq=0, write_graph=True, write_images=False,
 * write_steps_per_second=False, update_freq="epoch")}: writes TensorBoard event files with TF's
 * summary ops, in Keras's layout so that TensorBoard shows the same charts:
 *
 * <ul>
 *   <li>{@code log_dir/train}: {@code epoch_loss}, {@code epoch_accuracy}... and
 *       {@code epoch_learning_rate} at step = epoch (0-based);
 *   <li>{@code log_dir/validation}: {@code epoch_loss}, {@code epoch_accuracy}... (the {@code val_}
 *       values without the prefix) at step = epoch, and {@code evaluation_loss_vs_iterations}...
 *       at step = the optimizer's iterations;
 *   <li>with {@code updateFreq("batch")} or {@code updateFreq(n)}: {@code batch_loss}... (the
 *       batch logs, running means over the epoch) every n batches, at step = the global batch number;
 *   <li>with {@code histogramFreq(n)}: every n epochs (0, n, 2n...), {@code <weight path>/histogram}
 *       for each weight of each layer ({@code sequential/dense/kernel/histogram}), at step = epoch,
 *       in TensorBoard's histogram format (30 buckets); with {@code writeImages(true)} also
 *       {@code <weight path>/image}, the weight as images ({@link WeightImage});
 *   <li>with {@code writeGraph(true)} (the default): the model's JSON as {@code keras} at step 0,
 *       which TensorBoard's Graphs tab draws as the conceptual graph, as Keras 3; and, after the
 *       first batch, the model's TF graph with its training step as a {@code graph_def} event, the
 *       op graph, as Keras 2 did (Keras 3 on TF no longer writes its train function's graph);
 *   <li>with {@code writeStepsPerSecond(true)}: {@code epoch_steps_per_second} (the epoch's steps
 *       over its time, validation included) and, with a batch-level {@code updateFreq}, {@code
 *       batch_steps_per_second} (one over the batch's time).
 * </ul>
 *
 * <p>Unlike Keras 3.15, an integer {@code update_freq} does not drop epoch summaries: in Keras, the
 * batch-level condition "global batch % update_freq == 0" stays in force after the epoch's last
 * batch, so that {@code epoch_*}, histograms and {@code evaluation_*_vs_iterations} are written
 * only in epochs whose last (training or validation) batch number is a multiple of it. Profiling and
 * embeddings ({@code profile_batch}, {@code embeddings_freq}) are not supported.
 */
public class TensorBoard extends Callback {
  private final Path logDir;
  private int histogramFreq;
  private boolean writeGraph = true;
  private boolean writeImages;
  private boolean writeStepsPerSecond;
  private int updateFreq; // 0: "epoch"
  private SummaryFileWriter train;
  private SummaryFileWriter validation;
  private long globalTrainBatch;
  private boolean training;
  private boolean shouldWriteTrainGraph;
  private long batchStartNanos;
  private long epochStartNanos;
  private long epochStartIterations;

  public TensorBoard() {
    this(Path.of("logs"));
  }

  public TensorBoard(Path logDir) {
    if (logDir == null) {
      throw new IllegalArgumentException("TensorBoard needs a `log_dir`. Received: log_dir=null");
    }
    this.logDir = logDir;
  }

  /** Keras's {@code histogram_freq}: weight histograms every n epochs; 0 (the default) writes none. */
  public TensorBoard histogramFreq(int freq) {
    if (freq < 0) {
      throw new IllegalArgumentException(
          "TensorBoard `histogram_freq` must be a non-negative integer. Received: histogram_freq=" + freq);
    }
    histogramFreq = freq;
    return this;
  }

  /** Keras's {@code write_graph} (default true): the model's conceptual graph and its TF graph. */
  public TensorBoard writeGraph(boolean write) {
    writeGraph = write;
    return this;
  }

  /** Keras's {@code write_images}: the weights as images too, with their histograms ({@code histogramFreq}). */
  public TensorBoard writeImages(boolean write) {
    writeImages = write;
    return this;
  }

  /** Keras's {@code write_steps_per_second}: training steps per second, per epoch and per logged batch. */
  public TensorBoard writeStepsPerSecond(boolean write) {
    writeStepsPerSecond = write;
    return this;
  }

  /** Keras's {@code update_freq}: {@code "epoch"} (the default) or {@code "batch"} (every batch). */
  public TensorBoard updateFreq(String freq) {
    if ("epoch".equals(freq)) {
      updateFreq = 0;
    } else if ("batch".equals(freq)) {
      updateFreq = 1;
    } else {
      throw badUpdateFreq("\"" + freq + "\"");
    }
    return this;
  }

  /** Keras's {@code update_freq=n}: the batch logs every n batches. */
  public TensorBoard updateFreq(int batches) {
    if (batches <= 0) {
      throw badUpdateFreq(Integer.toString(batches));
    }
    updateFreq = batches;
    return this;
  }

  private static IllegalArgumentException badUpdateFreq(String received) {
    return new IllegalArgumentException(
        "TensorBoard `update_freq` must be \"epoch\", \"batch\" or a positive integer. Received: update_freq=" + received);
  }

  public Path logDir() {
    return logDir;
  }

  private SummaryFileWriter trainWriter() {
    if (train == null) {
      train = new SummaryFileWriter(writeDir().resolve("train"));
    }
    return train;
  }

  private SummaryFileWriter validationWriter() {
    if (validation == null) {
      validation = new SummaryFileWriter(writeDir().resolve("validation"));
    }
    return validation;
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    globalTrainBatch = 0;
    training = true;
    trainWriter();
    shouldWriteTrainGraph = writeGraph;
    if (writeGraph) {
      writeKerasModel();
    }
  }

  /** Keras's {@code keras_model_summary("keras", model, step=0)}; a model without JSON is skipped, as in Keras. */
  private void writeKerasModel() {
    String json;
    try {
      json = model().toJson();
    } catch (RuntimeException e) {
      System.err.println("WARNING: Model failed to serialize as JSON. Ignoring... " + e.getMessage());
      return;
    }
    trainWriter().kerasModel("keras", json, 0);
  }

  @Override
  public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
    globalTrainBatch++;
    if (writeStepsPerSecond) {
      batchStartNanos = System.nanoTime();
    }
  }

  @Override
  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    if (shouldWriteTrainGraph) {
      trainWriter().graph(model().graphDef()); // the first step has built the training graph
      shouldWriteTrainGraph = false;
    }
    if (updateFreq > 0 && globalTrainBatch % updateFreq == 0) {
      if (writeStepsPerSecond) {
        trainWriter().scalar("batch_steps_per_second", 1e9 / (System.nanoTime() - batchStartNanos), globalTrainBatch);
      }
      for (Map.Entry<String, Double> e : logs.entrySet()) {
        trainWriter().scalar("batch_" + e.getKey(), e.getValue(), globalTrainBatch);
      }
    }
  }

  @Override
  public void onTestEnd(Map<String, Double> logs) {
    if (model() != null && model().optimizer() != null) {
      long step = model().optimizer().iterations();
      for (Map.Entry<String, Double> e : logs.entrySet()) {
        validationWriter().scalar("evaluation_" + e.getKey() + "_vs_iterations", e.getValue(), step);
      }
      if (training) {
        validationWriter().flush();
      } else {
        closeWriters(); // a standalone evaluate(): nothing more will be written
      }
    }
  }

  @Override
  public void onEpochBegin(int epoch, Map<String, Double> logs) {
    if (writeStepsPerSecond) {
      epochStartIterations = model().optimizer().iterations();
      epochStartNanos = System.nanoTime();
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    logEpochMetrics(epoch, logs);
    if (histogramFreq > 0 && epoch % histogramFreq == 0) {
      logWeights(epoch);
    }
  }

  private void logEpochMetrics(int epoch, Map<String, Double> logs) {
    Map<String, Double> trainLogs = new LinkedHashMap<>();
    Map<String, Double> valLogs = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : logs.entrySet()) {
      if (e.getKey().startsWith("val_")) {
        valLogs.put(e.getKey().substring(4), e.getValue());
      } else {
        trainLogs.put(e.getKey(), e.getValue());
      }
    }
    trainLogs.put("learning_rate", model().optimizer().learningRate());
    if (writeStepsPerSecond) {
      double seconds = (System.nanoTime() - epochStartNanos) / 1e9;
      trainLogs.put("steps_per_second", (model().optimizer().iterations() - epochStartIterations) / seconds);
    }
    for (Map.Entry<String, Double> e : trainLogs.entrySet()) {
      trainWriter().scalar("epoch_" + e.getKey(), e.getValue(), epoch);
    }
    trainWriter().flush();
    if (!valLogs.isEmpty()) {
      for (Map.Entry<String, Double> e : valLogs.entrySet()) {
        validationWriter().scalar("epoch_" + e.getKey(), e.getValue(), epoch);
      }
      validationWriter().flush();
    }
  }

  /** Keras's {@code _log_weights}: each weight's histogram (and image) in the train run, at step = epoch. */
  private void logWeights(int epoch) {
    for (Map.Entry<String, FloatNdArray> w : model().weightsByPath().entrySet()) {
      String name = w.getKey().replace(":", "_");
      trainWriter().histogram(name + "/histogram", w.getValue(), epoch);
      FloatNdArray image = writeImages ? WeightImage.of(w.getValue()) : null;
      if (image != null) {
        trainWriter().image(name + "/image", image, epoch);
      }
    }
    trainWriter().flush();
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    training = false;
    closeWriters();
    WorkerFiles.removeTemporaryIn(model().distributeStrategy(), logDir);
  }

  /** The log folder, or for a worker that is not the chief a temporary one inside it (removed at the end). */
  private Path writeDir() {
    return WorkerFiles.writeDirectory(model().distributeStrategy(), logDir);
  }

  private void closeWriters() {
    if (train != null) {
      train.close();
      train = null;
    }
    if (validation != null) {
      validation.close();
      validation = null;
    }
  }
}
