package org.jkeras.callbacks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jkeras.distribute.WorkerFiles;
import org.jkeras.utils.PyFormat;

/**
 * Keras's {@code ModelCheckpoint(filepath, monitor="val_loss", verbose=0, save_best_only=False,
 * save_weights_only=False, mode="auto", save_freq="epoch", initial_value_threshold=None)}: saves
 * the model at the end of every epoch (or only when {@code monitor} improved, with {@code
 * saveBestOnly}).
 *
 * <p>It saves what {@code model.save(filepath)} writes: for a path ending in {@code .keras} (as
 * Keras 3 requires), Keras's file, which Python's {@code load_model} opens; for any other path a
 * SavedModel folder (jkeras's own); both carry the optimizer's state and reload with {@code
 * Models.loadModel}. With {@link #saveWeightsOnly}, what {@code model.save_weights} writes:
 * Keras's {@code .weights.h5} (weights and optimizer state), and then, as Keras requires, a path
 * ending in {@code .weights.h5}. A legacy {@code .h5} model path is refused (jkeras does not
 * write that format).
 * {@code filepath} may hold Python format fields, as in Keras: {@code
 * "ckpt/epoch{epoch:02d}-{val_loss:.2f}.weights.h5"}, formatted as Python formats them ({@code
 * PyFormat}). Each save is written beside the target and moved into place only once complete, so
 * an exception or a crash during a save leaves the previous checkpoint as it was.
 */
public class ModelCheckpoint extends MonitorCallback {
  private static final String WEIGHTS_SUFFIX = ".weights.h5";
  private final String filepath;
  private boolean saveBestOnly;
  private boolean saveWeightsOnly;
  private int verbose;
  private Object saveFreq = "epoch";
  private int batchesSinceSave;

  public ModelCheckpoint(Path filepath) {
    this(filepath.toString());
  }

  public ModelCheckpoint(String filepath) {
    super("val_loss", 0.0);
    if (filepath == null || filepath.isEmpty()) {
      throw new IllegalArgumentException("ModelCheckpoint needs a `filepath`. Received: filepath=" + filepath);
    }
    if (filepath.toLowerCase(Locale.ROOT).endsWith(".h5") && !filepath.endsWith(WEIGHTS_SUFFIX)) {
      // Keras 3 still writes legacy HDF5 model files here; jkeras writes Keras 3's format only.
      throw new IllegalArgumentException("The filepath provided must end in `.keras` (Keras model format); jkeras does"
          + " not write legacy `.h5` model files (`.weights.h5` with saveWeightsOnly(true) holds the weights, a folder path"
          + " a SavedModel). Received: filepath=" + filepath);
    }
    this.filepath = filepath;
  }

  public ModelCheckpoint monitor(String monitor) {
    setMonitor(monitor);
    return this;
  }

  public ModelCheckpoint saveBestOnly(boolean saveBestOnly) {
    this.saveBestOnly = saveBestOnly;
    return this;
  }

  /**
   * Keras's {@code save_weights_only}: saves {@code model.save_weights(filepath)} (weights and the
   * optimizer's state) instead of the whole model; {@code filepath} must then end in {@code
   * .weights.h5}, as Keras requires.
   */
  public ModelCheckpoint saveWeightsOnly(boolean saveWeightsOnly) {
    if (saveWeightsOnly && !filepath.endsWith(WEIGHTS_SUFFIX)) {
      throw new IllegalArgumentException("When using `save_weights_only=True` in `ModelCheckpoint`, the filepath provided"
          + " must end in `.weights.h5` (Keras weights format). Received: filepath=" + filepath);
    }
    this.saveWeightsOnly = saveWeightsOnly;
    return this;
  }

  public ModelCheckpoint mode(String mode) {
    setMode(mode);
    return this;
  }

  public ModelCheckpoint verbose(int verbose) {
    this.verbose = verbose;
    return this;
  }

  /** Keras's {@code initial_value_threshold}: the value the monitored metric must beat to be saved. */
  public ModelCheckpoint initialValueThreshold(Double value) {
    setBaseline(value);
    return this;
  }

  /** {@code "epoch"} (the default) or a number of batches between saves. */
  public ModelCheckpoint saveFreq(Object saveFreq) {
    if (!"epoch".equals(saveFreq) && !(saveFreq instanceof Integer && (Integer) saveFreq > 0)) {
      throw new IllegalArgumentException(
          "Unrecognized save_freq: " + saveFreq + ". Expected save_freq are 'epoch' or positive integer values");
    }
    this.saveFreq = saveFreq;
    return this;
  }

  /** The best monitored value saved so far (null before the first save). */
  public Double best() {
    return best;
  }

  private int currentEpoch;

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    if (saveBestOnly) {
      resolveMonitor();
    }
    best = baseline();
    batchesSinceSave = 0;
    // Fail before training when a field of the file name will never be logged.
    @SuppressWarnings("unchecked")
    List<String> logged = (List<String>) params().get("metrics");
    List<String> fields = PyFormat.fields(filepath);
    for (String field : fields) {
      if (!field.equals("epoch") && !field.equals("batch") && logged != null && !logged.contains(field)) {
        throw new IllegalArgumentException(
            "Failed to format this callback filepath: \"" + filepath + "\". Reason: `" + field
                + "` is not a value this fit logs (available: epoch, " + String.join(", ", logged) + ").");
      }
    }
    if (!saveWeightsOnly && filepath.endsWith(WEIGHTS_SUFFIX)) {
      throw new IllegalArgumentException("The filepath provided must end in `.keras` (Keras model format): a"
          + " `.weights.h5` filepath holds weights only, use `saveWeightsOnly(true)` (or a folder path for a SavedModel)."
          + " Received: filepath=" + filepath);
    }
    // ... and when the path is one a save would refuse (a file, a folder of other files...).
    if (fields.isEmpty()) {
      if (saveWeightsOnly) {
        model().checkSaveWeightsPath(Path.of(filepath));
      } else {
        model().checkSavePath(Path.of(filepath));
      }
    }
  }

  @Override
  public void onEpochBegin(int epoch, Map<String, Double> logs) {
    currentEpoch = epoch;
  }

  @Override
  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    if (saveFreq instanceof Integer) {
      batchesSinceSave++;
      if (batchesSinceSave >= (Integer) saveFreq) {
        batchesSinceSave = 0;
        save(currentEpoch, batch, logs);
      }
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    if ("epoch".equals(saveFreq)) {
      save(epoch, null, logs);
    }
  }

  /** The folder of the checkpoint for this epoch (1-based in the name, as Keras) and these logs. */
  public Path filePath(int epoch, Integer batch, Map<String, Double> logs) {
    Map<String, Object> values = new LinkedHashMap<>(logs);
    values.put("epoch", epoch + 1);
    if (batch != null) {
      values.put("batch", batch + 1);
    }
    return Path.of(PyFormat.format(filepath, values));
  }

  private void save(int epoch, Integer batch, Map<String, Double> logs) {
    Path path = filePath(epoch, batch, logs);
    if (saveBestOnly) {
      Double current = monitorValue(logs);
      if (current == null) {
        printMsg("Can save best model only with " + monitor() + " available, saving anyway.");
      } else {
        String bestStr = best == null ? "None" : String.format(Locale.ROOT, "%.5f", best);
        if (!isImprovement(current, best)) {
          if (verbose > 0) {
            printMsg("\nEpoch " + (epoch + 1) + ": " + monitor() + " did not improve from " + bestStr);
          }
          return;
        }
        if (verbose > 0) {
          printMsg(String.format(Locale.ROOT, "%nEpoch %d: %s improved from %s to %.5f, saving model to %s",
              epoch + 1, monitor(), bestStr, current, path));
        }
        best = current;
      }
    } else if (verbose > 0) {
      printMsg("\nEpoch " + (epoch + 1) + ": saving model to " + path);
    }
    try {
      // With several workers, the chief saves to the path; the others to a temporary folder, then removed.
      Path target = WorkerFiles.writePath(model().distributeStrategy(), path);
      if (saveWeightsOnly) {
        model().saveWeights(target);
      } else {
        model().save(target);
      }
      WorkerFiles.removeTemporaryFor(model().distributeStrategy(), path);
    } catch (IOException e) {
      throw new UncheckedIOException("ModelCheckpoint could not save the model to " + path + ": " + e.getMessage(), e);
    }
    if (verbose > 0) {
      printMsg("\nEpoch " + (epoch + 1) + ": finished saving model to " + path);
    }
  }
}
