package org.jkeras.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.jkeras.Kwargs;

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
 */
public final class ImageDatasets {
  private ImageDatasets() {}

  /** Where "Found N files..." messages go (standard output, like Keras). */
  static PrintStream log = System.out;

  public static ImageFolderDataset imageDatasetFromDirectory(Path directory, Kwargs.DatasetArg... kwargs) throws IOException {
    Kwargs.BatchSize bs = Kwargs.find(kwargs, Kwargs.BatchSize.class);
    Kwargs.ImageSize is = Kwargs.find(kwargs, Kwargs.ImageSize.class);
    Kwargs.Shuffle sh = Kwargs.find(kwargs, Kwargs.Shuffle.class);
    Kwargs.Seed sd = Kwargs.find(kwargs, Kwargs.Seed.class);
    Kwargs.ValidationSplit vs = Kwargs.find(kwargs, Kwargs.ValidationSplit.class);
    Kwargs.Subset ss = Kwargs.find(kwargs, Kwargs.Subset.class);
    Kwargs.LabelMode lm = Kwargs.find(kwargs, Kwargs.LabelMode.class);
    Kwargs.ColorMode cm = Kwargs.find(kwargs, Kwargs.ColorMode.class);
    Kwargs.ClassNames cn = Kwargs.find(kwargs, Kwargs.ClassNames.class);
    Kwargs.Interpolation ip = Kwargs.find(kwargs, Kwargs.Interpolation.class);

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
      throw new java.io.FileNotFoundException(
          "Could not find directory " + directory.toAbsolutePath() + " (expected one sub-folder of images per class).");
    }

    List<String> classes = new ArrayList<>();
    try (Stream<Path> s = Files.list(directory)) {
      s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().forEach(classes::add);
    }
    if (cn != null) {
      if (!new java.util.TreeSet<>(cn.value()).equals(new java.util.TreeSet<>(classes))) {
        throw new IllegalArgumentException(
            "The `class_names` passed did not match the names of the subdirectories of the target directory. Expected: "
                + classes + ", but received: " + cn.value());
      }
      classes = new ArrayList<>(cn.value());
    }
    List<Path> files = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    int notImages = 0;
    for (int c = 0; c < classes.size(); c++) {
      List<Path> found = new ArrayList<>();
      try (Stream<Path> s = Files.walk(directory.resolve(classes.get(c)))) {
        s.filter(Files::isRegularFile).filter(ImageDatasets::allowedExtension).sorted().forEach(found::add);
      }
      for (Path f : found) {
        if (!looksLikeImage(f)) {
          System.err.println("WARNING: skipping " + f + ": not a JPEG, PNG, BMP or GIF image (unrecognised file header).");
          notImages++;
          continue;
        }
        files.add(f);
        labels.add(c);
      }
    }
    log.println("Found " + files.size() + " files belonging to " + classes.size() + " classes.");
    if (notImages > 0) {
      log.println("Skipped " + notImages + " files that are not images.");
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException(
          "No images found in directory " + directory + ". Allowed formats: ('.bmp', '.gif', '.jpeg', '.jpg', '.png')");
    }
    if ("binary".equals(labelMode) && classes.size() != 2) {
      throw new IllegalArgumentException(
          "When passing `label_mode=\"binary\"`, there must be exactly 2 class_names. Received: class_names=" + classes);
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
    List<Path> picked = new ArrayList<>();
    int[] pickedLabels = new int[to - from];
    for (int i = from; i < to; i++) {
      picked.add(files.get(order[i]));
      pickedLabels[i - from] = labels.get(order[i]);
    }
    return new ImageFolderDataset(picked, pickedLabels, classes, labelMode, height, width, channels,
        ip == null ? "bilinear" : ip.value(), batchSize, shuffle, seed + 1);
  }

  static boolean allowedExtension(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    for (String ext : ImageDecoder.EXTENSIONS) {
      if (name.endsWith(ext)) {
        return true;
      }
    }
    return false;
  }

  private static boolean looksLikeImage(Path f) throws IOException {
    byte[] head = new byte[12];
    int n;
    try (InputStream in = Files.newInputStream(f)) {
      n = in.readNBytes(head, 0, head.length);
    }
    return ImageDecoder.sniff(java.util.Arrays.copyOf(head, n)) != null;
  }
}
