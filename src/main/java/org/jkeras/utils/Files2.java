package org.jkeras.utils;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
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
    // Named as OutputTarget's staging files, so that a leftover of a killed write is recognised and cleaned.
    Path tmp = Files.createTempFile(parent, "." + abs.getFileName() + TargetLock.MARK + TargetLock.TMP, "");
    try {
      Files.write(tmp, bytes);
      readableByAll(tmp);
      move(tmp, abs);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Temporary files are created owner-only; the file they become is an ordinary rw-r--r-- file. */
  static void readableByAll(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
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
