package org.jkeras.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.jkeras.kwargs.Args;

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
 * Defaults as Keras: {@code labelMode("int")}, {@code colorMode("rgb")}, {@code batchSize(32)},
 * {@code imageSize(256, 256)}, {@code shuffle(true)}, {@code interpolation("bilinear")}.
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
    Args.BatchSize bs = Args.find(kwargs, Args.BatchSize.class);
    Args.ImageSize is = Args.find(kwargs, Args.ImageSize.class);
    Args.Shuffle sh = Args.find(kwargs, Args.Shuffle.class);
    Args.Seed sd = Args.find(kwargs, Args.Seed.class);
    Args.ValidationSplit vs = Args.find(kwargs, Args.ValidationSplit.class);
    Args.Subset ss = Args.find(kwargs, Args.Subset.class);
    Args.LabelMode lm = Args.find(kwargs, Args.LabelMode.class);
    Args.ColorMode cm = Args.find(kwargs, Args.ColorMode.class);
    Args.ClassNames cn = Args.find(kwargs, Args.ClassNames.class);
    Args.Interpolation ip = Args.find(kwargs, Args.Interpolation.class);

    int batchSize = bs == null ? 32 : bs.value();
    int height = is == null ? 256 : is.height();
    int width = is == null ? 256 : is.width();
    boolean shuffle = sh == null || sh.value();
    String labelMode = lm == null ? "int" : lm.value();
    String colorMode = cm == null ? "rgb" : cm.value();
    double split = vs == null ? 0 : vs.value();
    String subset = ss == null ? null : ss.value();

    if (labelMode != null && !List.of("int", "binary", "categorical").contains(labelMode)) {
      throw new IllegalArgumentException(
          "`label_mode` argument must be one of \"int\", \"categorical\", \"binary\", or None. Received: label_mode=" + labelMode);
    }
    int channels;
    switch (colorMode) {
      case "rgb": channels = 3; break;
      case "rgba": channels = 4; break;
      case "grayscale": channels = 1; break;
      default:
        throw new IllegalArgumentException(
            "`color_mode` must be one of {\"rgb\", \"rgba\", \"grayscale\"}. Received: color_mode=" + colorMode);
    }
    if (subset != null && !subset.equals("training") && !subset.equals("validation")) {
      throw new IllegalArgumentException(
          "`subset` must be either \"training\" or \"validation\" (call twice with the same seed for both)."
              + " Received: subset=" + subset);
    }
    if ((subset != null) != (split > 0)) {
      throw new IllegalArgumentException(
          "If `subset` is set, `validation_split` must be set, and inversely. Received: subset=" + subset
              + ", validation_split=" + (vs == null ? "None" : vs.value()));
    }
    if (split > 0 && shuffle && sd == null) {
      throw new IllegalArgumentException(
          "If using `validation_split` and shuffling the data, you must provide a `seed` argument, to make sure that"
              + " there is no overlap between the training and validation subset.");
    }
    if (!Files.isDirectory(directory)) {
      throw new FileNotFoundException(
          "Could not find directory " + directory.toAbsolutePath() + " (expected one sub-folder of images per class).");
    }

    List<String> classes = ImageFolderIndex.classFolders(directory);
    if (cn != null) {
      if (!new TreeSet<>(cn.value()).equals(new TreeSet<>(classes))) {
        throw new IllegalArgumentException(
            "The `class_names` passed did not match the names of the subdirectories of the target directory. Expected: "
                + classes + ", but received: " + cn.value());
      }
      classes = new ArrayList<>(cn.value());
    }
    ImageFolderIndex index = ImageFolderIndex.of(directory, classes);
    List<Path> files = index.files;
    log.println("Found " + files.size() + " files belonging to " + classes.size() + " classes.");
    if ("binary".equals(labelMode) && classes.size() != 2) {
      throw new IllegalArgumentException(
          "When passing `label_mode=\"binary\"`, there must be exactly 2 class_names. Received: class_names=" + classes);
    }
    // Folder-level warnings once: with the training subset (or no subset), not again with the validation one.
    boolean folderWarnings = !"validation".equals(subset);
    if (folderWarnings) {
      index.notes.forEach(n -> System.err.println("WARNING: " + n));
    }
    List<String> empty = index.classesWithoutImages();
    if (files.size() == index.problems.size()) {
      warnSkipped(index.problems.values());
      throw new IllegalArgumentException("No images found in directory " + directory
          + ". Allowed formats: ('.bmp', '.gif', '.jpeg', '.jpg', '.png')"
          + (files.isEmpty() ? "" : " (" + files.size() + " files with these extensions, none of them a readable image)"));
    }
    if ("binary".equals(labelMode) && !empty.isEmpty()) {
      throw new IllegalArgumentException("When passing `label_mode=\"binary\"`, there must be exactly 2 class_names with images."
          + " Received: class_names=" + classes + ", and no image in " + folders(directory, empty));
    }
    if (folderWarnings && !empty.isEmpty()) {
      System.err.println("WARNING: no image in " + folders(directory, empty) + ": the class" + (empty.size() == 1 ? " keeps its" : "es keep their")
          + " label index (as Keras), but nothing is learned about " + (empty.size() == 1 ? "it." : "them."));
    }

    long seed = sd == null ? new Random().nextInt(1_000_000) : sd.value();
    int[] order = new int[files.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    if (shuffle) {
      Random r = new Random(seed);
      for (int i = order.length - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    int from = 0;
    int to = order.length;
    if (split > 0) {
      int numVal = (int) (split * order.length);
      if (subset.equals("training")) {
        to = order.length - numVal;
        log.println("Using " + to + " files for training.");
      } else {
        from = order.length - numVal;
        log.println("Using " + numVal + " files for validation.");
      }
      if (to - from <= 0) {
        throw new IllegalArgumentException(
            "The " + subset + " subset of " + directory + " is empty with validation_split=" + split + " and "
                + order.length + " files.");
      }
    }
    // Each subset warns about its own unusable files only: a file is warned about once.
    List<Path> picked = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    int[] pickedLabels = new int[to - from];
    for (int i = from; i < to; i++) {
      Path f = files.get(order[i]);
      if (index.problems.containsKey(f)) {
        skipped.add(index.problems.get(f));
      } else {
        pickedLabels[picked.size()] = index.labels.get(order[i]);
        picked.add(f);
      }
    }
    warnSkipped(skipped);
    if (picked.isEmpty()) {
      throw new IllegalArgumentException("The " + subset + " subset of " + directory + " has no readable image: its "
          + skipped.size() + " files were skipped (validation_split=" + split + ").");
    }
    return new ImageFolderDataset(picked, Arrays.copyOf(pickedLabels, picked.size()), classes, labelMode, height, width, channels,
        ip == null ? "bilinear" : ip.value(), batchSize, shuffle, seed + 1);
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
