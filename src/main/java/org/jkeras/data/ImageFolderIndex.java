package org.jkeras.data;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The files of an image folder, as Keras's {@code index_directory} lists them with its default
 * {@code follow_links=False}: class folders are the sub-folders (or links to folders) not starting
 * with a dot; in each, {@code os.walk} finds every file with an image extension (links to files
 * included), descending into real sub-folders but not into linked ones (so no link loop can recurse).
 * Files come in Keras's order: folder by folder ({@code os.walk}'s roots sorted by path), each
 * folder's files sorted by name. {@link Listing#LEGACY} lists as the legacy {@code
 * ImageDataGenerator.flow_from_directory} does (its extensions, hidden class folders included,
 * {@code follow_links} on request; a link loop is then skipped with a note where Python would
 * recurse until the OS refuses).
 *
 * <p>Where Keras would crash or hang later, each file is also probed now (its first bytes):
 * {@link #problems} gives, for a file that cannot be an image (unreadable, a broken link, a FIFO, not
 * an image header), the one-line reason; {@link #notes} the folder-level warnings.
 */
public final class ImageFolderIndex {
  /**
   * What a listing takes: files whose lower-cased name ends with one of {@code suffixes}, class
   * folders starting with a dot or not, linked sub-folders followed or not.
   */
  public record Listing(List<String> suffixes, boolean hiddenClasses, boolean followLinks) {
    /** {@code image_dataset_from_directory}'s: Keras 3's formats, no hidden class folder, no linked sub-folder. */
    public static final Listing KERAS = new Listing(ImageDecoder.EXTENSIONS, false, false);
    /** {@code flow_from_directory}'s {@code white_list_formats} (no GIF; PPM and TIFF, which TF cannot decode, are skipped with a warning). */
    public static final Listing LEGACY = new Listing(List.of("png", "jpg", "jpeg", "bmp", "ppm", "tif", "tiff"), true, false);

    public Listing withFollowLinks(boolean follow) {
      return new Listing(suffixes, hiddenClasses, follow);
    }
  }

  final List<String> classNames;
  /** Every file with an image extension, class by class, sorted: what Keras counts in "Found N files". */
  final List<Path> files = new ArrayList<>();
  final List<Integer> labels = new ArrayList<>();
  final Map<Path, String> problems = new LinkedHashMap<>();
  final List<String> notes = new ArrayList<>();

  private final Listing listing;

  private ImageFolderIndex(List<String> classNames, Listing listing) {
    this.classNames = List.copyOf(classNames);
    this.listing = listing;
  }

  /** The class sub-folders of {@code directory}, sorted: folders or links to folders, not hidden (".ipynb_checkpoints"). */
  static List<String> classFolders(Path directory) throws IOException {
    return classFolders(directory, Listing.KERAS);
  }

  /** The class sub-folders of {@code directory}, sorted: folders or links to folders; hidden ones if {@code listing} takes them. */
  public static List<String> classFolders(Path directory, Listing listing) throws IOException {
    try (Stream<Path> s = Files.list(directory)) {
      return s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
          .filter(n -> listing.hiddenClasses() || !n.startsWith(".")).sorted().toList();
    } catch (IOException e) {
      throw new IOException(directory + ": cannot list the folder (" + ImageDecoder.reason(e) + ").", e);
    }
  }

  static ImageFolderIndex of(Path directory, List<String> classNames) {
    return of(directory, classNames, Listing.KERAS);
  }

  /** The files of each class folder of {@code directory} in {@code classNames}' order (label = position). */
  public static ImageFolderIndex of(Path directory, List<String> classNames, Listing listing) {
    ImageFolderIndex index = new ImageFolderIndex(classNames, listing);
    for (int c = 0; c < classNames.size(); c++) {
      for (Path f : index.walk(directory.resolve(classNames.get(c)))) {
        index.files.add(f);
        index.labels.add(c);
        String problem = probe(f);
        if (problem != null) {
          index.problems.put(f, problem);
        }
      }
    }
    return index;
  }

  public List<String> classNames() {
    return classNames;
  }

  /** Every listed file, class by class, in Keras's order (files with problems included, as Keras counts them). */
  public List<Path> files() {
    return List.copyOf(files);
  }

  /** The label (class position) of each of {@link #files()}. */
  public List<Integer> labels() {
    return List.copyOf(labels);
  }

  /** Files that cannot be images, with the one-line reason. */
  public Map<Path, String> problems() {
    return Collections.unmodifiableMap(problems);
  }

  /** Folder-level warnings (links not followed, loops, unreadable folders). */
  public List<String> notes() {
    return List.copyOf(notes);
  }

  /** The classes with no image (no file, or only files with problems): Keras keeps them, and their label index. */
  List<String> classesWithoutImages() {
    boolean[] has = new boolean[classNames.size()];
    for (int i = 0; i < files.size(); i++) {
      if (!problems.containsKey(files.get(i))) {
        has[labels.get(i)] = true;
      }
    }
    List<String> empty = new ArrayList<>();
    for (int c = 0; c < has.length; c++) {
      if (!has[c]) {
        empty.add(classNames.get(c));
      }
    }
    return empty;
  }

  /** os.walk(classDir): the start is followed if it is a link; linked sub-folders are not (noted). */
  private List<Path> walk(Path classDir) {
    List<Path> found = new ArrayList<>();
    try {
      Files.walkFileTree(classDir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          if (!listing.followLinks() && !dir.equals(classDir) && Files.isSymbolicLink(dir)) {
            notLinkedFolder(dir);
            return FileVisitResult.SKIP_SUBTREE;
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (allowedExtension(file, listing.suffixes())) {
            found.add(file);
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          if (e instanceof FileSystemLoopException && Files.isSymbolicLink(file)) {
            notLinkedFolder(file);
          } else if (e instanceof FileSystemLoopException) {
            notes.add("skipping folder " + file + ": it leads back to one of its parent folders.");
          } else {
            notes.add("skipping folder " + file + ": cannot read it (" + ImageDecoder.reason(e) + ").");
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      notes.add("skipping folder " + classDir + ": cannot read it (" + ImageDecoder.reason(e) + ").");
    }
    // os.walk's roots sorted by path, then each root's files by name.
    found.sort(Comparator.comparing((Path p) -> p.getParent().toString()).thenComparing(p -> p.getFileName().toString()));
    return found;
  }

  private void notLinkedFolder(Path link) {
    notes.add("not following " + link + ": a symbolic link to a folder inside a class folder (as Keras's follow_links=False);"
        + " link the class folder itself, or copy the images.");
  }

  /** Null if {@code f} starts like an image, else why it cannot be one (naming the file). */
  private static String probe(Path f) {
    try {
      byte[] head = ImageDecoder.readHead(f, 12);
      return ImageDecoder.sniff(head) == null ? f + ": not a JPEG, PNG, BMP or GIF image (unrecognised file header)." : null;
    } catch (IOException e) {
      return ImageDecoder.firstLine(e.getMessage());
    }
  }

  static boolean allowedExtension(Path p) {
    return allowedExtension(p, ImageDecoder.EXTENSIONS);
  }

  /** Python's {@code name.lower().endswith(suffixes)}. */
  public static boolean allowedExtension(Path p, List<String> suffixes) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    for (String ext : suffixes) {
      if (name.endsWith(ext)) {
        return true;
      }
    }
    return false;
  }
}
