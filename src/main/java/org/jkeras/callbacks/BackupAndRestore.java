package org.jkeras.callbacks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.jkeras.distribute.WorkerFiles;
import org.jkeras.utils.Files2;
import org.jkeras.utils.Json;
import org.jkeras.utils.OutputTarget;

/**
 * Keras's {@code BackupAndRestore(backup_dir, save_freq="epoch", double_checkpoint=False,
 * delete_checkpoint=True)}: backs up the training state in {@code backup_dir} at the end of each
 * epoch (or every {@code save_freq} batches), and a {@code fit} that starts while a backup is there
 * (after an interruption: an exception, a killed process) restores it and resumes at the epoch the
 * backup reached, with the weights and the optimizer's state (moments, iterations, EMA averages,
 * accumulated gradients). When {@code fit} completes, the backup is deleted.
 *
 * <p>The files are Keras's: {@code latest.weights.h5} ({@code model.save_weights}, with the
 * optimizer's state) and {@code training_metadata.json} ({@code {"epoch": 3, "batch": 0}}), so a
 * backup written by Python Keras resumes here and the other way round. A backup taken mid-epoch
 * ({@code save_freq} a number) resumes at the start of that epoch with the weights of mid-epoch,
 * as Keras.
 *
 * <p>{@code backup_dir} is the user's folder: jkeras only ever writes and deletes its own files
 * there, refuses a folder that holds other files (Keras: "cannot be reused elsewhere to store
 * other files") and deletes the folder itself only if this callback created it. Randomness is not
 * part of the backup: shuffling and dropout draw differently after a restore (as in Keras without a
 * fixed seed).
 *
 * <p>With several workers ({@code MultiWorkerMirroredStrategy}) only the chief writes and deletes
 * the backup, as tf.keras; every worker restores what its folder holds, then {@code fit} gives every
 * worker the chief's restored weights, optimizer state and epoch, so that a worker whose folder is
 * not the chief's (another machine, no shared file system) resumes with it.
 */
public class BackupAndRestore extends Callback {
  static final String WEIGHTS = "latest.weights.h5";
  static final String METADATA = "training_metadata.json";
  private static final String PREVIOUS = ".bkp";
  private static final List<String> FILES = List.of(WEIGHTS, METADATA, WEIGHTS + PREVIOUS, METADATA + PREVIOUS);
  /** The folder may hold the backup's files, and what a killed write of them leaves (jkeras's lock and staging files). */
  private static final OutputTarget TARGET = OutputTarget.folderOf("a BackupAndRestore backup folder",
      name -> FILES.contains(name) || name.startsWith("." + WEIGHTS + ".jkeras-") || name.startsWith("." + METADATA + ".jkeras-"));

  private final Path backupDir;
  private Object saveFreq = "epoch";
  private boolean doubleCheckpoint;
  private boolean deleteCheckpoint = true;

  private int currentEpoch;
  private int batchesSinceSave;
  private boolean createdDir;

  public BackupAndRestore(String backupDir) {
    this(backupDir == null || backupDir.isEmpty() ? null : Path.of(backupDir));
  }

  public BackupAndRestore(Path backupDir) {
    if (backupDir == null || backupDir.toString().isEmpty()) {
      throw new IllegalArgumentException("Empty `backup_dir` argument passed. Received: backup_dir=" + backupDir);
    }
    this.backupDir = backupDir;
  }

  /** Keras's {@code save_freq}: {@code "epoch"} (the default) or a number of batches between backups. */
  public BackupAndRestore saveFreq(Object saveFreq) {
    if (!"epoch".equals(saveFreq) && !(saveFreq instanceof Integer n && n > 0)) {
      throw new IllegalArgumentException("Invalid value for argument `save_freq`. Received: save_freq=" + saveFreq
          + ". Expected either 'epoch' or an integer value.");
    }
    this.saveFreq = saveFreq;
    return this;
  }

  /**
   * Keras's {@code double_checkpoint}: keeps the previous backup beside the latest ({@code .bkp});
   * a latest backup that cannot be read is replaced by the previous one.
   */
  public BackupAndRestore doubleCheckpoint(boolean value) {
    this.doubleCheckpoint = value;
    return this;
  }

  /** Keras's {@code delete_checkpoint}: delete the backup when {@code fit} completes (true by default). */
  public BackupAndRestore deleteCheckpoint(boolean value) {
    this.deleteCheckpoint = value;
    return this;
  }

  public Path backupDir() {
    return backupDir;
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    TARGET.check(backupDir, true, "backup_dir");
    batchesSinceSave = 0;
    try {
      try {
        restore();
      } catch (IOException e) {
        if (!Files.exists(file(WEIGHTS + PREVIOUS))) {
          throw e;
        }
        // The latest backup is unreadable (a crash while it was copied?): take the previous one.
        Files.copy(file(WEIGHTS + PREVIOUS), file(WEIGHTS), StandardCopyOption.REPLACE_EXISTING);
        if (Files.exists(file(METADATA + PREVIOUS))) {
          Files.copy(file(METADATA + PREVIOUS), file(METADATA), StandardCopyOption.REPLACE_EXISTING);
        } else {
          Files.deleteIfExists(file(METADATA));
        }
        restore();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("BackupAndRestore could not restore the backup in " + backupDir + ": " + e.getMessage(), e);
    }
  }

  /** Keras's {@code _load_model}: the weights (and optimizer state), then the epoch to resume at. */
  private void restore() throws IOException {
    currentEpoch = 0;
    if (Files.isRegularFile(file(WEIGHTS), LinkOption.NOFOLLOW_LINKS)) {
      model().loadWeights(file(WEIGHTS));
    }
    if (Files.isRegularFile(file(METADATA), LinkOption.NOFOLLOW_LINKS)) {
      Object epoch = Json.parseObject(Files.readString(file(METADATA), StandardCharsets.UTF_8)).get("epoch");
      if (!(epoch instanceof Number n) || n.doubleValue() != n.longValue() || n.longValue() < 0
          || n.longValue() > Integer.MAX_VALUE) {
        throw new IOException(file(METADATA) + ": `epoch` must be a whole number >= 0. Received: epoch=" + epoch);
      }
      currentEpoch = n.intValue();
      model().setInitialEpoch(currentEpoch);
    }
  }

  @Override
  public void onEpochBegin(int epoch, Map<String, Double> logs) {
    currentEpoch = epoch;
  }

  @Override
  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    if (saveFreq instanceof Integer n && ++batchesSinceSave >= n) {
      batchesSinceSave = 0;
      save(batch);
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    currentEpoch = epoch + 1;
    if ("epoch".equals(saveFreq)) {
      save(0);
    }
  }

  /**
   * Keras's {@code _save_model}: the weights file, then the metadata ({@code batch}: the batch index
   * of a mid-epoch backup, 0 at an epoch's end), each written atomically.
   */
  private void save(int batch) {
    if (!WorkerFiles.writesFiles(model().distributeStrategy())) {
      return; // the chief's backup is the one restored: the others' would be the same bits
    }
    try {
      if (!Files.exists(backupDir, LinkOption.NOFOLLOW_LINKS)) {
        TARGET.check(backupDir, true, "backup_dir");
        Files.createDirectories(backupDir);
        createdDir = true;
      }
      if (doubleCheckpoint) {
        for (String f : List.of(WEIGHTS, METADATA)) {
          if (Files.isRegularFile(file(f), LinkOption.NOFOLLOW_LINKS)) {
            Files.copy(file(f), file(f + PREVIOUS), StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      model().saveWeights(file(WEIGHTS));
      String json = "{\"epoch\": " + currentEpoch + ", \"batch\": " + batch + "}";
      Files2.writeAtomically(file(METADATA), json.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("BackupAndRestore could not back up to " + backupDir + ": " + e.getMessage(), e);
    }
  }

  /** Keras deletes the whole folder; jkeras deletes its own files, and the folder only if it created it. */
  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    if (!deleteCheckpoint || !WorkerFiles.writesFiles(model().distributeStrategy())) {
      return;
    }
    try {
      for (String f : FILES) {
        Files.deleteIfExists(file(f));
      }
      if (createdDir) {
        try (var entries = Files.list(backupDir)) {
          if (entries.findAny().isEmpty()) {
            Files.delete(backupDir);
          }
        }
        createdDir = false;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("BackupAndRestore could not delete its backup in " + backupDir + ": " + e.getMessage(), e);
    }
  }

  private Path file(String name) {
    return backupDir.resolve(name);
  }
}
