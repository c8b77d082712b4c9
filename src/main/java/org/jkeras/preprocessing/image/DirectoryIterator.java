package org.jkeras.preprocessing.image;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.data.ImageFolderIndex;
import org.jkeras.kwargs.Args;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.Shape;

/**
 * The iterator of {@link ImageDataGenerator#flowFromDirectory} (Keras's {@code DirectoryIterator})
 * and {@link ImageDataGenerator#flowFromDataframe} (Keras's {@code DataFrameIterator}): image files
 * with labels, with Keras's {@link #filenames()}, {@link #classes()}, {@link #classIndices()} and
 * {@link #samples()}.
 *
 * <p>Listing as Keras's: class folders are every sub-folder, sorted (hidden ones too); in each, the
 * files whose lower-cased name ends with png, jpg, jpeg, bmp, ppm, tif or tiff, folder by folder;
 * links to folders inside a class folder are followed with {@code followLinks(true)} (a loop is
 * skipped with a warning). {@code subset} takes, in each class, the first {@code validationSplit}
 * of its files for "validation", the rest for "training". Files counted in "Found N images" that
 * cannot be decoded (PPM and TIFF, which TF does not read, broken or oversized files) are skipped
 * with a warning naming each, as {@code imageDatasetFromDirectory} does where Keras would fail.
 *
 * <p>Each file is read as Keras's {@code load_img} reads it ({@link PilLoader}: TF decodes, JPEGs
 * with Pillow's accurate DCT, then Pillow's grey conversion and {@code resize} ported), so the
 * pixels before augmentation are Pillow's integers for every {@code interpolation}.
 * Labels: "categorical" one-hot (K,), "binary" (1,) (Keras: a scalar per image), "sparse" a scalar
 * class index, "input" the images, null none.
 */
public final class DirectoryIterator extends ImageIterator {
  /** Where "Found N images..." goes: standard output (as Keras prints it), read at each print; tests may set another. */
  static PrintStream log;

  static PrintStream log() {
    return log != null ? log : System.out;
  }

  private final List<String> filenames;
  private final List<Path> filepaths;
  private final int[] classes;
  private final float[] raw;
  private final Map<String, Integer> classIndices;
  private final String classMode;
  private final Shape shape;
  private final PilLoader loader;

  DirectoryIterator(ImageDataGenerator generator, FlowOptions o, List<String> filenames, List<Path> filepaths, int[] classes,
      float[] raw, Map<String, Integer> classIndices) {
    super(generator, o.batchSize(), o.shuffle(), o.seed());
    this.filenames = List.copyOf(filenames);
    this.filepaths = List.copyOf(filepaths);
    this.classes = classes;
    this.raw = raw;
    this.classIndices = Collections.unmodifiableMap(new LinkedHashMap<>(classIndices));
    this.classMode = o.classMode();
    this.shape = Shape.of(o.height(), o.width(), o.channels());
    this.loader = new PilLoader(o.colorMode(), new int[] {o.height(), o.width()}, o.interpolation(), o.keepAspectRatio());
  }

  static DirectoryIterator fromDirectory(ImageDataGenerator gen, Path directory, Args.FlowArg[] kwargs) throws IOException {
    FlowOptions o = FlowOptions.parse(kwargs, "categorical");
    o.checkClassMode(FlowOptions.CLASS_MODES);
    if (!Files.isDirectory(directory)) {
      throw new FileNotFoundException("Could not find directory " + directory.toAbsolutePath()
          + " (expected one sub-folder of images per class).");
    }
    ImageFolderIndex.Listing listing = ImageFolderIndex.Listing.LEGACY.withFollowLinks(o.followLinks());
    List<String> classNames = o.classes() != null && !o.classes().isEmpty() ? o.classes()
        : ImageFolderIndex.classFolders(directory, listing);
    if ("binary".equals(o.classMode()) && classNames.size() != 2) {
      throw new IllegalArgumentException("With `class_mode=\"binary\"` there must be exactly 2 classes (labels 0 and 1)."
          + " Received: classes=" + classNames + " in " + directory);
    }
    ImageFolderIndex index = ImageFolderIndex.of(directory, classNames, listing);
    List<Path> all = index.files();
    List<Integer> labels = index.labels();
    List<String> filenames = new ArrayList<>();
    List<Path> paths = new ArrayList<>();
    List<Integer> kept = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (int c = 0, from = 0; c < classNames.size(); c++) {
      int to = from;
      while (to < all.size() && labels.get(to) == c) {
        to++;
      }
      int[] range = o.split(to - from, gen.validationSplit());
      for (int i = from + range[0]; i < from + range[1]; i++) {
        Path f = all.get(i);
        String problem = index.problems().get(f);
        if (problem != null) {
          problems.add(problem);
          continue;
        }
        Path classDir = directory.resolve(classNames.get(c));
        filenames.add(classNames.get(c) + "/" + classDir.relativize(f));
        paths.add(f);
        kept.add(c);
      }
      from = to;
    }
    int found = filenames.size() + problems.size();
    log().println("Found " + found + " images belonging to " + classNames.size() + " classes.");
    if (!"validation".equals(o.subset())) {
      index.notes().forEach(n -> System.err.println("WARNING: " + n));
    }
    warnSkipped(problems);
    Map<String, Integer> indices = new LinkedHashMap<>();
    for (int c = 0; c < classNames.size(); c++) {
      indices.put(classNames.get(c), c);
    }
    return new DirectoryIterator(gen, o, filenames, paths, kept.stream().mapToInt(Integer::intValue).toArray(), null, indices);
  }

  static DirectoryIterator fromDataframe(ImageDataGenerator gen, Path csvFile, Args.FlowArg[] kwargs) throws IOException {
    return DataframeListing.iterator(gen, csvFile, FlowOptions.parse(kwargs, "categorical"));
  }

  static void warnSkipped(List<String> reasons) {
    for (String r : reasons) {
      System.err.println("WARNING: skipping " + r);
    }
    if (!reasons.isEmpty()) {
      log().println("Skipped " + reasons.size() + " files that are not readable images (see the warnings).");
    }
  }

  /** Keras's {@code filenames}: each file relative to the directory ("cat/cat.1.jpg"; for a CSV, its {@code x_col} value). */
  public List<String> filenames() {
    return filenames;
  }

  /** Keras's {@code filepaths}: the files read. */
  public List<Path> filepaths() {
    return filepaths;
  }

  /** Keras's {@code classes}: the class index of each file (empty for class modes without classes). */
  public int[] classes() {
    return classes.clone();
  }

  /** Keras's {@code class_indices}: class name to label, in label order. */
  public Map<String, Integer> classIndices() {
    return classIndices;
  }

  @Override
  public List<String> classNames() {
    return List.copyOf(classIndices.keySet());
  }

  @Override
  public Shape elementShape() {
    return shape;
  }

  @Override
  public Shape labelShape() {
    if (classMode == null) {
      return null;
    }
    return switch (classMode) {
      case "categorical" -> Shape.of(classIndices.size());
      case "binary" -> Shape.of(1);
      case "input" -> shape;
      default -> Shape.scalar(); // sparse, raw
    };
  }

  @Override
  public long size() {
    return filenames.size();
  }

  @Override
  boolean labelsAreInputs() {
    return "input".equals(classMode);
  }

  @Override
  void load(int index, FloatNdArray target) throws IOException {
    loader.load(filepaths.get(index)).copyTo(target);
  }

  @Override
  void label(int index, FloatNdArray y, int row) {
    switch (classMode) {
      case "categorical" -> {
        for (int k = 0; k < classIndices.size(); k++) {
          y.setFloat(k == classes[index] ? 1f : 0f, row, k);
        }
      }
      case "binary" -> y.setFloat(classes[index], row, 0);
      case "raw" -> y.setFloat(raw[index], row);
      default -> y.setFloat(classes[index], row);
    }
  }

  @Override
  public synchronized void close() {
    super.close();
    loader.close();
  }
}
