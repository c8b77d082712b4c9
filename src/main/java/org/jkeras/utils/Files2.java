package org.jkeras.utils;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** File writes that never leave a half-written file or folder behind. */
public final class Files2 {
  private Files2() {}

  /** Writes {@code bytes} to a temporary file beside {@code file}, then moves it into place. */
  public static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Path abs = file.toAbsolutePath();
    Path parent = abs.getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, "." + abs.getFileName() + ".", ".tmp");
    try {
      Files.write(tmp, bytes);
      readableByAll(tmp);
      move(tmp, abs);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Temporary files are created owner-only; the file they become is an ordinary rw-r--r-- file. */
  private static void readableByAll(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: its defaults apply
    }
  }

  /** Moves {@code from} onto {@code to}, atomically where the file system allows it. */
  public static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Replaces the folder {@code target} with the complete folder {@code staged} (a sibling): the
   * old folder is moved aside first and deleted only once the new one is in place, so a failure at
   * any point leaves either the old or the new folder at {@code target}.
   */
  public static void replaceDirectory(Path staged, Path target) throws IOException {
    Path abs = target.toAbsolutePath();
    Path backup = null;
    if (Files.exists(abs)) {
      backup = abs.resolveSibling("." + abs.getFileName() + ".old-" + System.nanoTime());
      Files.move(abs, backup, StandardCopyOption.ATOMIC_MOVE);
    }
    try {
      Files.move(staged, abs, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      if (backup != null) {
        Files.move(backup, abs, StandardCopyOption.ATOMIC_MOVE);
      }
      throw e;
    }
    if (backup != null) {
      deleteRecursively(backup);
    }
  }

  public static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
