package org.jkeras.distribute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where a worker writes what only one should keep, as tf.keras's {@code distributed_file_utils}:
 * the chief (or any process without a multi-worker strategy) writes to the path it is given; every
 * other worker writes to a temporary folder {@code workertemp_<rank>} inside that path's folder,
 * removed once written. Every worker runs the same callbacks (a checkpoint, TensorBoard's event
 * files) and no two write the same file, also when they share a folder on one machine or a network
 * file system.
 */
public final class WorkerFiles {
  private WorkerFiles() {}

  /** True when this process writes the files training leaves (no strategy, one worker, or the chief). */
  public static boolean writesFiles(MultiWorkerMirroredStrategy strategy) {
    return strategy == null || !strategy.isMultiWorker() || strategy.isChief();
  }

  /** Keras's {@code write_dirpath}: {@code dir} itself, or {@code dir/workertemp_<rank>} for a worker that is not the chief. */
  public static Path writeDirectory(MultiWorkerMirroredStrategy strategy, Path dir) {
    return writesFiles(strategy) ? dir : dir.resolve(temporaryName(strategy));
  }

  /** Keras's {@code write_filepath}: {@code file}, or the same name in the worker's temporary folder beside it. */
  public static Path writePath(MultiWorkerMirroredStrategy strategy, Path file) {
    if (writesFiles(strategy)) {
      return file;
    }
    Path parent = file.toAbsolutePath().getParent();
    return parent.resolve(temporaryName(strategy)).resolve(file.getFileName());
  }

  /** Removes what a worker that is not the chief wrote for {@code file} ({@link #writePath}); nothing for the chief. */
  public static void removeTemporaryFor(MultiWorkerMirroredStrategy strategy, Path file) {
    if (!writesFiles(strategy)) {
      deleteTree(file.toAbsolutePath().getParent().resolve(temporaryName(strategy)));
    }
  }

  /** Removes what a worker that is not the chief wrote in {@code dir} ({@link #writeDirectory}); nothing for the chief. */
  public static void removeTemporaryIn(MultiWorkerMirroredStrategy strategy, Path dir) {
    if (!writesFiles(strategy)) {
      deleteTree(dir.resolve(temporaryName(strategy)));
    }
  }

  private static String temporaryName(MultiWorkerMirroredStrategy strategy) {
    return "workertemp_" + strategy.clusterConfig().rank();
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not remove the worker's temporary folder " + dir + ": " + e.getMessage(), e);
    }
  }
}
