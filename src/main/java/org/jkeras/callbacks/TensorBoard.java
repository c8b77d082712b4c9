package org.jkeras.callbacks;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.backend.SummaryFileWriter;

/**
 * Keras's {@code TensorBoard(log_dir="logs", update_freq="epoch")}: writes TensorBoard event files
 * with TF's summary ops, in Keras's layout so that TensorBoard shows the same charts:
 *
 * <ul>
 *   <li>{@code log_dir/train}: {@code epoch_loss}, {@code epoch_accuracy}... and
 *       {@code epoch_learning_rate} at step = epoch (0-based);
 *   <li>{@code log_dir/validation}: {@code epoch_loss}, {@code epoch_accuracy}... (the {@code val_}
 *       values without the prefix) at step = epoch, and {@code evaluation_loss_vs_iterations}...
 *       at step = the optimizer's iterations;
 *   <li>with {@code updateFreq(n)}: {@code batch_loss}... every n batches, at step = the global
 *       batch number.
 * </ul>
 *
 * Histograms, images, the graph and profiling ({@code histogram_freq}, {@code write_images},
 * {@code write_graph}, {@code profile_batch}) are not written.
 */
public class TensorBoard extends Callback {
  private final Path logDir;
  private int updateFreq; // 0: "epoch"
  private SummaryFileWriter train;
  private SummaryFileWriter validation;
  private long globalTrainBatch;
  private boolean training;

  public TensorBoard() {
    this(Path.of("logs"));
  }

  public TensorBoard(Path logDir) {
    if (logDir == null) {
      throw new IllegalArgumentException("TensorBoard needs a `log_dir`. Received: log_dir=null");
    }
    this.logDir = logDir;
  }

  /** Keras's {@code update_freq}: {@code "epoch"} (the default), {@code "batch"}, or a number of batches. */
  public TensorBoard updateFreq(Object freq) {
    if ("epoch".equals(freq)) {
      updateFreq = 0;
    } else if ("batch".equals(freq)) {
      updateFreq = 1;
    } else if (freq instanceof Integer && (Integer) freq > 0) {
      updateFreq = (Integer) freq;
    } else {
      throw new IllegalArgumentException(
          "TensorBoard `update_freq` must be \"epoch\", \"batch\" or a positive integer. Received: update_freq=" + freq);
    }
    return this;
  }

  public Path logDir() {
    return logDir;
  }

  private SummaryFileWriter trainWriter() {
    if (train == null) {
      train = new SummaryFileWriter(logDir.resolve("train"));
    }
    return train;
  }

  private SummaryFileWriter validationWriter() {
    if (validation == null) {
      validation = new SummaryFileWriter(logDir.resolve("validation"));
    }
    return validation;
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    globalTrainBatch = 0;
    training = true;
    trainWriter();
  }

  @Override
  public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
    globalTrainBatch++;
  }

  @Override
  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    if (updateFreq > 0 && globalTrainBatch % updateFreq == 0) {
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
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
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

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    training = false;
    closeWriters();
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
