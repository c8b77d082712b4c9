package org.jkeras.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.TreeSet;
import org.jkeras.kwargs.Args;
import org.jkeras.random.NumpyRandomState;

/**
 * Keras's {@code keras.utils.image_dataset_from_directory}: one sub-folder per class, class names
 * sorted alphabetically and numbered from 0, images of the allowed formats (bmp, gif, jpeg, jpg,
 * png) found recursively in each.
 *
 * <pre>{@code
 * Dataset train = imageDatasetFromDirectory(Path.of("data/train"),
 *     validationSplit(0.2), subset("training"), seed(123), imageSize(224, 224), batchSize(32), labelMode("binary"));
 * }</pre>
 *
 * Defaults as Keras: {@code labels("inferred")}, {@code labelMode("int")}, {@code colorMode("rgb")},
 * {@code batchSize(32)}, {@code imageSize(256, 256)}, {@code shuffle(true)}, {@code
 * interpolation("bilinear")}, {@code followLinks(false)}, {@code cropToAspectRatio(false)}, {@code
 * padToAspectRatio(false)}. {@code labels(List)} gives one label per file (the folder is then listed
 * whole, as with {@code labelMode(null)}); {@code classNames(...)} picks and orders the class folders;
 * {@code subset("both")} goes to {@link #imageDatasetsFromDirectory}, which returns the pair.
 *
 * <p>Shuffling as Keras: the listing is shuffled once with NumPy's {@code RandomState(seed)} (so the
 * split is Keras's), then each epoch passes the files through tf.data's shuffle with a buffer of
 * {@code batch_size * 8} and the same seed (see {@link TfShuffle}): the same seed gives the same
 * order as Keras, epoch after epoch. Without a seed one is drawn, as Keras does.
 *
 * <p>Folders are listed as Keras lists them (see {@link ImageFolderIndex}: linked class folders are
 * followed, hidden ones ignored, linked sub-folders not followed). Where Keras would crash or hang
 * on a file, jkeras skips it with a warning naming it and the reason (not an image, unreadable, a
 * broken link, a FIFO; later, while decoding: truncated, or above {@link ImageDecoder#MAX_PIXELS}).
 * The split is made over every file Keras counts, and each subset warns about its own files, so a
 * file is reported once when the training and validation subsets are built; folder-level warnings
 * come with the training subset (or no subset), not again with the validation one. A class folder without
 * images keeps its label index, as in Keras, with a warning; {@code labelMode("binary")} then is
 * refused, as with other than 2 class folders.
 */
public final class ImageDatasets {
  private ImageDatasets() {}

  /** Where "Found N files..." messages go (standard output, like Keras). */
  static PrintStream log = System.out;

  public static ImageFolderDataset imageDatasetFromDirectory(Path directory, Args.DatasetArg... kwargs) throws IOException {
    ImageDatasetOptions o = ImageDatasetOptions.of(kwargs);
    if ("both".equals(o.subset())) {
      throw new IllegalArgumentException("`subset=\"both\"` returns two datasets: call imageDatasetsFromDirectory, which"
          + " returns the pair (training, validation). Received: subset=both");
    }
    return build(directory, o).get(0);
  }

  /**
   * Keras's {@code image_dataset_from_directory(..., validation_split=v, subset="both")}: the
   * training and the validation datasets of one listing, as a pair (in Java a function returns one
   * type, so the pair has this function of its own). The training one shuffles (unless {@code
   * shuffle(false)}), the validation one never does, as in Keras.
   */
  public static ImageDatasetSplit imageDatasetsFromDirectory(Path directory, Args.DatasetArg... kwargs) throws IOException {
    ImageDatasetOptions o = ImageDatasetOptions.of(kwargs);
    if (!"both".equals(o.subset())) {
      throw new IllegalArgumentException("imageDatasetsFromDirectory returns the pair of `subset=\"both\"`: pass subset(\"both\")"
          + " and validationSplit(...), or call imageDatasetFromDirectory for one dataset. Received: subset=" + o.subset());
    }
    List<ImageFolderDataset> pair = build(directory, o);
    return new ImageDatasetSplit(pair.get(0), pair.get(1));
  }

  /** The dataset of {@code o.subset()}, or the training and validation datasets for "both". */
  private static List<ImageFolderDataset> build(Path directory, ImageDatasetOptions o) throws IOException {
    if (!Files.isDirectory(directory)) {
      throw new FileNotFoundException("Could not find directory " + directory.toAbsolutePath()
          + (o.inferred() ? " (expected one sub-folder of images per class)." : "."));
    }
    ImageFolderIndex.Listing listing = ImageFolderIndex.Listing.KERAS.withFollowLinks(o.followLinks());
    List<String> classes;
    ImageFolderIndex index;
    int[] labels;
    if (o.inferred()) {
      classes = ImageFolderIndex.classFolders(directory, listing);
      if (o.classNames() != null) {
        if (!new HashSet<>(classes).containsAll(o.classNames())) {
          throw new IllegalArgumentException("The `class_names` passed did not match the names of the subdirectories of the"
              + " target directory. Expected: " + classes + " (or a subset of it), but received: class_names=" + o.classNames());
        }
        classes = o.classNames();
      }
      index = ImageFolderIndex.of(directory, classes, listing);
      labels = index.labels.stream().mapToInt(Integer::intValue).toArray();
    } else {
      // Without inferred labels Keras lists the whole folder, sub-folders included, as one.
      index = ImageFolderIndex.of(directory, List.of(""), listing);
      labels = labelsFor(directory, index.files.size(), o.labels());
      classes = o.labels() == null ? List.of() : new TreeSet<>(o.labels()).stream().map(String::valueOf).toList();
    }
    List<Path> files = index.files;
    log.println("Found " + files.size() + " files" + (o.labelMode() == null ? "." : " belonging to " + classes.size() + " classes."));
    if ("binary".equals(o.labelMode()) && classes.size() != 2) {
      throw new IllegalArgumentException(
          "When passing `label_mode=\"binary\"`, there must be exactly 2 class_names. Received: class_names=" + classes);
    }
    // Folder-level warnings once: with the training subset (or no subset), not again with the validation one.
    boolean folderWarnings = !"validation".equals(o.subset());
    if (folderWarnings) {
      index.notes.forEach(n -> System.err.println("WARNING: " + n));
    }
    List<String> empty = o.inferred() ? index.classesWithoutImages() : List.of();
    if (files.size() == index.problems.size()) {
      warnSkipped(index.problems.values());
      throw new IllegalArgumentException("No images found in directory " + directory
          + ". Allowed formats: ('.bmp', '.gif', '.jpeg', '.jpg', '.png')"
          + (files.isEmpty() ? "" : " (" + files.size() + " files with these extensions, none of them a readable image)"));
    }
    if ("binary".equals(o.labelMode()) && !empty.isEmpty()) {
      throw new IllegalArgumentException("When passing `label_mode=\"binary\"`, there must be exactly 2 class_names with images."
          + " Received: class_names=" + classes + ", and no image in " + folders(directory, empty));
    }
    if (folderWarnings && !empty.isEmpty()) {
      System.err.println("WARNING: no image in " + folders(directory, empty) + ": the class" + (empty.size() == 1 ? " keeps its" : "es keep their")
          + " label index (as Keras), but nothing is learned about " + (empty.size() == 1 ? "it." : "them."));
    }
    // Keras shuffles the listing once with NumPy's RandomState(seed), then each epoch with tf.data's shuffle.
    int[] order = o.shuffle() ? new NumpyRandomState(o.seed()).permutation(files.size()) : identity(files.size());
    int numVal = (int) (o.split() * order.length);
    List<ImageFolderDataset> out = new ArrayList<>();
    for (String subset : "both".equals(o.subset()) ? List.of("training", "validation") : Collections.singletonList(o.subset())) {
      int from = "validation".equals(subset) ? order.length - numVal : 0;
      int to = "training".equals(subset) ? order.length - numVal : order.length;
      if (subset != null) {
        log.println("Using " + (to - from) + " files for " + subset + ".");
        if (to - from <= 0) {
          throw new IllegalArgumentException("The " + subset + " subset of " + directory + " is empty with validation_split="
              + o.split() + " and " + order.length + " files.");
        }
      }
      boolean shuffle = o.shuffle() && !("both".equals(o.subset()) && "validation".equals(subset));
      out.add(subset(directory, index, labels, Arrays.copyOfRange(order, from, to), classes, o, subset, shuffle));
    }
    return out;
  }

  /** The dataset of the files at {@code positions} of the listing; each subset warns about its own unusable files only. */
  private static ImageFolderDataset subset(Path directory, ImageFolderIndex index, int[] labels, int[] positions,
      List<String> classes, ImageDatasetOptions o, String subset, boolean shuffle) {
    List<Path> picked = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    int[] pickedLabels = new int[positions.length];
    for (int p : positions) {
      Path f = index.files.get(p);
      if (index.problems.containsKey(f)) {
        skipped.add(index.problems.get(f));
      } else {
        pickedLabels[picked.size()] = labels == null ? 0 : labels[p];
        picked.add(f);
      }
    }
    warnSkipped(skipped);
    if (picked.isEmpty()) {
      throw new IllegalArgumentException("The " + subset + " subset of " + directory + " has no readable image: its "
          + skipped.size() + " files were skipped (validation_split=" + o.split() + ").");
    }
    ImageDecoder decoder = new ImageDecoder(o.height(), o.width(), o.channels(), o.interpolation(), false, o.aspect());
    // Keras: ds.shuffle(buffer_size=batch_size * 8, seed=seed) over the (path, label) pairs, each epoch.
    TfShuffle order = shuffle ? new TfShuffle(picked.size(), 8L * o.batchSize(), o.seed(), true) : null;
    return new ImageFolderDataset(picked, Arrays.copyOf(pickedLabels, picked.size()), classes, o.labelMode(), decoder,
        o.batchSize(), order);
  }

  /** The given labels, one per listed file (Keras's check), or null without labels. */
  private static int[] labelsFor(Path directory, int files, List<Integer> given) {
    if (given == null) {
      return null;
    }
    if (given.size() != files) {
      throw new IllegalArgumentException("Expected the lengths of `labels` to match the number of files in the target"
          + " directory. len(labels) is " + given.size() + " while we found " + files + " files in directory " + directory + ".");
    }
    return given.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }

  private static void warnSkipped(Collection<String> reasons) {
    for (String r : reasons) {
      System.err.println("WARNING: skipping " + r);
    }
    if (!reasons.isEmpty()) {
      log.println("Skipped " + reasons.size() + " files that are not readable images (see the warnings).");
    }
  }

  private static String folders(Path directory, List<String> classes) {
    return classes.size() == 1 ? "class folder " + directory.resolve(classes.get(0))
        : "class folders " + classes.stream().map(c -> directory.resolve(c).toString()).toList();
  }
}
