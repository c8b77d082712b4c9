package org.jkeras.utils;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A kind of output (a SavedModel folder, a weights file, a folder of augmented images) and the
 * rule for writing one: replace only what is recognisably that kind of output, never anything else.
 *
 * <p>{@link #check} refuses, before any work starts, a path that is empty, the file system root,
 * the current folder or one of its parents, a name ending in {@code .} or {@code ..}, a symbolic
 * link, an existing file or folder that is not this kind of output (a folder of other files, a file
 * where a folder goes), an existing output when {@code overwrite} is false (Keras's
 * {@code overwrite} argument), and a place that cannot be written. An empty folder may always be
 * used.
 *
 * <p>{@link #write} writes the whole output beside the target under the target's {@link
 * TargetLock} and moves it into place only once complete: a file by one atomic rename, a folder by
 * a swap that the next writer or reader completes or undoes if the process is killed half-way.
 * {@link #writeInto} is for folders that collect files (augmented images): each file is written
 * atomically into the folder.
 */
public final class OutputTarget {
  /** Writes an output (a file, or a folder it creates) at the path it is given. */
  @FunctionalInterface
  public interface Writer {
    void write(Path path) throws IOException;
  }

  private final String what;
  private final boolean folder;
  private final Predicate<Path> recognises;

  private OutputTarget(String what, boolean folder, Predicate<Path> recognises) {
    this.what = what;
    this.folder = folder;
    this.recognises = recognises;
  }

  /**
   * A folder output, such as {@code "a SavedModel folder"}; {@code recognises} tells an existing,
   * non-empty folder that may be replaced.
   */
  public static OutputTarget folder(String what, Predicate<Path> recognises) {
    return new OutputTarget(what, true, recognises);
  }

  /** A folder that may hold only files whose names {@code names} accepts (sub-folders are refused). */
  public static OutputTarget folderOf(String what, Predicate<String> names) {
    return folder(what, dir -> {
      try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
        for (Path p : s) {
          String name = p.getFileName().toString();
          if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || !(names.test(name) || isStagingLeftover(name))) {
            return false;
          }
        }
        return true;
      } catch (IOException e) {
        return false;
      }
    });
  }

  /** A file staged by {@link Files2#writeAtomically} and left by a killed writer. */
  private static boolean isStagingLeftover(String name) {
    return name.startsWith(".") && name.contains(TargetLock.MARK + TargetLock.TMP);
  }

  /** A file output, such as {@code "a Keras weights file"}; {@code recognises} tells a file that may be replaced. */
  public static OutputTarget file(String what, Predicate<Path> recognises) {
    return new OutputTarget(what, false, recognises);
  }

  /**
   * Checks that this output may be written at {@code path}, creating nothing.
   *
   * @param argName how the caller names the path in messages: a CLI option ({@code --out}) or a
   *     Keras argument ({@code filepath})
   * @return the absolute, normalised path
   * @throws IllegalArgumentException saying why not, naming the argument and the path
   */
  public Path check(Path path, boolean overwrite, String argName) {
    if (path == null || path.toString().isEmpty()) {
      throw refuse(argName, "" + (path == null ? null : ""), "expected a path, received an empty one");
    }
    String given = path.toString();
    Path name = path.getFileName();
    if (name == null) {
      throw refuse(argName, given, "it is the file system root");
    }
    if (name.toString().equals(".") || name.toString().equals("..")) {
      throw refuse(argName, given, "a path ending in '" + name + "' names a folder of other files; name the output itself");
    }
    Path abs = path.toAbsolutePath().normalize();
    if (abs.getParent() == null) {
      throw refuse(argName, given, "it is the file system root");
    }
    if (isCurrentFolderOrParent(abs)) {
      throw refuse(argName, given, "it is the current folder or one of its parents");
    }
    if (Files.isSymbolicLink(abs)) {
      throw refuse(argName, given, "it is a symbolic link; jkeras does not write through links (give the path it points to)");
    }
    if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
      checkExisting(abs, given, overwrite, argName);
      if (!Files.isWritable(abs.getParent())) {
        throw refuse(argName, given, "its folder " + abs.getParent() + " is not writable");
      }
    } else {
      Path ancestor = abs.getParent();
      while (ancestor != null && !Files.exists(ancestor)) {
        ancestor = ancestor.getParent();
      }
      if (ancestor == null || !Files.isDirectory(ancestor)) {
        throw refuse(argName, given, ancestor + " is a file, not a folder");
      }
      if (!Files.isWritable(ancestor)) {
        throw refuse(argName, given, "the folder " + ancestor + " is not writable");
      }
    }
    return abs;
  }

  private void checkExisting(Path abs, String given, boolean overwrite, String argName) {
    if (folder && !Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS)) {
      throw refuse(argName, given, "it is a file, and " + what + " is a folder; jkeras replaces only " + what);
    }
    if (!folder && Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS)) {
      throw refuse(argName, given, "it is a folder, expected " + what);
    }
    if (folder && isEmptyFolder(abs)) {
      return;
    }
    if (!recognises.test(abs)) {
      String detail = folder ? "it holds files that are not part of " + what + " (" + someEntries(abs)
          + "); jkeras replaces only " + what + " and never deletes other files"
          : "it is not " + what + "; jkeras replaces only " + what;
      throw refuse(argName, given, detail);
    }
    if (!overwrite) {
      throw refuse(argName, given, "it already holds " + what + " and overwrite is false");
    }
  }

  private static boolean isCurrentFolderOrParent(Path abs) {
    Path cwd = Path.of("").toAbsolutePath().normalize();
    if (cwd.startsWith(abs)) {
      return true;
    }
    try {
      return Files.exists(abs) && cwd.toRealPath().startsWith(abs.toRealPath());
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean isEmptyFolder(Path dir) {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      return !s.iterator().hasNext();
    } catch (IOException e) {
      return false;
    }
  }

  private static String someEntries(Path dir) {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        names.add(p.getFileName().toString());
      }
    } catch (IOException e) {
      return "unreadable: " + e.getMessage();
    }
    names.sort(null);
    return names.size() <= 5 ? String.join(", ", names) : String.join(", ", names.subList(0, 5)) + ", ... " + names.size() + " in all";
  }

  private static IllegalArgumentException refuse(String argName, String path, String why) {
    if (argName.startsWith("-")) {
      return new IllegalArgumentException(argName + " " + path + ": " + why + ".");
    }
    return new IllegalArgumentException("Cannot write to " + path + ": " + why + ". Received: " + argName + "=" + path);
  }

  /**
   * Writes this output at {@code path}: checks it, locks it, recovers what a killed writer left,
   * has {@code writer} write the whole output to a staging path beside it, then moves it into
   * place. An existing output is replaced only once the new one is complete.
   */
  public void write(Path path, boolean overwrite, String argName, Writer writer) throws IOException {
    Path abs = check(path, overwrite, argName);
    Files.createDirectories(abs.getParent());
    try (TargetLock lock = TargetLock.acquire(abs)) {
      lock.recover();
      check(path, overwrite, argName); // again: recovery may have put a previous output back
      String suffix = System.currentTimeMillis() + "-" + ProcessHandle.current().pid();
      Path stage = TargetLock.sibling(abs, TargetLock.TMP, suffix);
      try {
        writer.write(stage);
        if (!Files.exists(stage, LinkOption.NOFOLLOW_LINKS)) {
          throw new IOException("Nothing was written for " + abs + ".");
        }
        if (folder) {
          Path done = TargetLock.sibling(abs, TargetLock.NEW, suffix);
          Files.move(stage, done, StandardCopyOption.ATOMIC_MOVE);
          swap(done, abs, TargetLock.sibling(abs, TargetLock.OLD, suffix));
        } else {
          Files2.move(stage, abs);
        }
      } finally {
        Files2.deleteRecursively(stage);
      }
    }
  }

  /**
   * Puts the complete folder {@code done} at {@code target}: the previous folder is moved aside,
   * the new one moved in, the previous one deleted. Killed between the two moves, the target is
   * missing and the next {@link TargetLock#recover()} moves {@code done} in.
   */
  private static void swap(Path done, Path target, Path old) throws IOException {
    boolean hadOld = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
    if (hadOld) {
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
    }
    try {
      Files.move(done, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      if (hadOld) {
        Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
      }
      Files2.deleteRecursively(done);
      throw e;
    }
    if (hadOld) {
      Files2.deleteRecursively(old);
    }
  }

  /**
   * Checks the folder {@code path} (creating it when absent) and, under its lock, lets {@code
   * writer} add files to it; the writer writes each file with {@link Files2#writeAtomically}.
   */
  public void writeInto(Path path, String argName, Writer writer) throws IOException {
    if (!folder) {
      throw new IllegalStateException(what + " is not a folder of files");
    }
    Path abs = check(path, true, argName);
    Files.createDirectories(abs.getParent());
    try (TargetLock lock = TargetLock.acquire(abs)) {
      lock.recover();
      check(path, true, argName);
      Files.createDirectories(abs);
      try (DirectoryStream<Path> s = Files.newDirectoryStream(abs, p -> isStagingLeftover(p.getFileName().toString()))) {
        for (Path p : s) {
          Files.deleteIfExists(p);
        }
      }
      writer.write(abs);
    }
  }
}
