package org.jkeras.utils;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lock a writer holds on one output path while it writes there, and the recovery of what a
 * killed writer left beside that path.
 *
 * <p>The lock is an OS file lock on a hidden sibling, {@code .NAME.jkeras-lock}: a second writer,
 * in this process or another, fails at once with a message saying another process is writing
 * there. The OS releases the lock when its holder dies, so a killed writer never blocks the next
 * one. The lock file is deleted, still locked, when the writer is done; a writer that locked a file
 * deleted in the meantime sees that it is no longer the one at the path and takes the new one.
 *
 * <p>A writer stages beside its target under names of its own ({@code .NAME.jkeras-tmp-N} while
 * writing, {@code .NAME.jkeras-new-N} once complete, {@code .NAME.jkeras-old-N} for the previous
 * folder during a swap; see {@link OutputTarget}). {@link #recover()} puts things right after a
 * kill at any point: a complete new folder whose swap was cut short is moved into place, else a
 * previous folder moved aside is put back, and every other leftover is deleted. Only names of that
 * pattern are touched.
 */
public final class TargetLock implements AutoCloseable {
  static final String MARK = ".jkeras-";
  static final String TMP = "tmp-";
  static final String NEW = "new-";
  static final String OLD = "old-";

  /** Targets locked by this process. */
  private static final Set<Path> IN_PROCESS = ConcurrentHashMap.newKeySet();

  private final Path target;
  private final Path lockFile;
  private final FileChannel channel;
  private final FileChannel check;
  private final FileLock lock;

  private TargetLock(Path target, Path lockFile, FileChannel channel, FileChannel check, FileLock lock) {
    this.target = target;
    this.lockFile = lockFile;
    this.channel = channel;
    this.check = check;
    this.lock = lock;
  }

  /** The hidden sibling of {@code target} named for one of the writer's states. */
  static Path sibling(Path target, String state, String suffix) {
    return target.resolveSibling("." + target.getFileName() + MARK + state + suffix);
  }

  /**
   * Locks {@code target} (an absolute path whose parent folder exists) for writing.
   *
   * @throws IOException saying another process is writing there when the lock is held
   */
  public static TargetLock acquire(Path target) throws IOException {
    TargetLock l = tryAcquire(target);
    if (l == null) {
      throw new IOException("Another process is writing to " + target + " (it holds the lock file "
          + sibling(target, "lock", "").getFileName() + "); nothing was written. Try again when it is done.");
    }
    return l;
  }

  /** Locks {@code target}, or returns null when another writer holds it. */
  static TargetLock tryAcquire(Path target) throws IOException {
    // Writers of this process are told apart here: on Linux, closing any channel of a file drops
    // the process's OS locks on it, so a second channel must not even be opened.
    if (!IN_PROCESS.add(target)) {
      return null;
    }
    try {
      TargetLock l = lockFile(target);
      if (l == null) {
        IN_PROCESS.remove(target);
      }
      return l;
    } catch (IOException | RuntimeException e) {
      IN_PROCESS.remove(target);
      throw e;
    }
  }

  private static TargetLock lockFile(Path target) throws IOException {
    Path lockFile = sibling(target, "lock", "");
    for (int attempt = 0; attempt < 10; attempt++) {
      FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS);
      FileLock fl;
      try {
        fl = ch.tryLock();
      } catch (OverlappingFileLockException | IOException e) {
        ch.close();
        throw e;
      }
      if (fl == null) {
        ch.close();
        return null;
      }
      // The previous holder deletes the file before it unlocks: if that happened between our open
      // and our lock, we hold a lock on a file nobody else will look at. A token written through our
      // channel and read back through the path tells whether the path is still our file. The file
      // opened to read it stays open as long as the lock: on Linux, closing any descriptor of a
      // file drops the process's locks on it.
      String token = ProcessHandle.current().pid() + "-" + System.nanoTime() + "-" + Math.random();
      writeToken(ch, token);
      FileChannel check = openIfPresent(lockFile);
      if (check != null && token.equals(readToken(check))) {
        return new TargetLock(target, lockFile, ch, check, fl);
      }
      if (check != null) {
        check.close(); // another file than the locked one: closing it leaves our lock alone
      }
      fl.release();
      ch.close();
    }
    throw new IOException("Cannot lock " + lockFile + ": it keeps being replaced by another process.");
  }

  private static void writeToken(FileChannel ch, String token) throws IOException {
    ch.truncate(0);
    ch.write(ByteBuffer.wrap(token.getBytes(StandardCharsets.UTF_8)), 0);
  }

  private static FileChannel openIfPresent(Path lockFile) throws IOException {
    try {
      return FileChannel.open(lockFile, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private static String readToken(FileChannel ch) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(256);
    while (ch.read(buf, buf.position()) > 0 && buf.hasRemaining()) {
      // read the whole token
    }
    return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
  }

  /**
   * Recovers what a killed writer of this target left: finishes or undoes a cut-short folder swap
   * and deletes staging leftovers. Call it while holding the lock.
   */
  public void recover() throws IOException {
    List<Path> news = leftovers(NEW);
    List<Path> olds = leftovers(OLD);
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      // Killed between moving the previous folder aside and moving the new one in: the new one is
      // complete (it got its name only then), so finish the swap; without one, restore the old.
      Path promote = !news.isEmpty() ? news.get(news.size() - 1) : !olds.isEmpty() ? olds.get(olds.size() - 1) : null;
      if (promote != null) {
        Files.move(promote, target, StandardCopyOption.ATOMIC_MOVE);
      }
    }
    for (String state : List.of(TMP, NEW, OLD)) {
      for (Path p : leftovers(state)) {
        Files2.deleteRecursively(p);
      }
    }
  }

  /** This target's leftovers in one state, oldest first (the suffix is a time stamp). */
  private List<Path> leftovers(String state) throws IOException {
    String prefix = "." + target.getFileName() + MARK + state;
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(target.getParent(), p -> p.getFileName().toString().startsWith(prefix))) {
      s.forEach(out::add);
    }
    out.sort(Comparator.comparing(p -> p.getFileName().toString()));
    return out;
  }

  /**
   * Recovers {@code target} before it is read, when no writer is at work there; when one is, the
   * reader leaves its files alone.
   */
  public static void recoverIfIdle(Path target) throws IOException {
    Path abs = target.toAbsolutePath().normalize();
    if (abs.getParent() == null || abs.getFileName() == null || !Files.isDirectory(abs.getParent())) {
      return;
    }
    if (!hasLeftovers(abs)) {
      return;
    }
    try (TargetLock l = tryAcquire(abs)) {
      if (l != null) {
        l.recover();
      }
    }
  }

  private static boolean hasLeftovers(Path abs) throws IOException {
    String prefix = "." + abs.getFileName() + MARK;
    try (DirectoryStream<Path> s = Files.newDirectoryStream(abs.getParent(), p -> p.getFileName().toString().startsWith(prefix))) {
      return s.iterator().hasNext();
    }
  }

  /** Deletes the lock file (still locked, so no other writer can be half-way into it) and unlocks. */
  @Override
  public void close() throws IOException {
    try {
      Files.deleteIfExists(lockFile);
    } finally {
      try {
        lock.release();
      } finally {
        check.close();
        channel.close();
        IN_PROCESS.remove(target);
      }
    }
  }
}
