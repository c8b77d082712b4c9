package org.jkeras.preprocessing.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jkeras.data.ImageFolderIndex;

/**
 * Keras's {@code DataFrameIterator} construction, on a CSV table: file names checked ({@code
 * validate_filenames}: an allowed extension and an existing file, others dropped with Keras's
 * warning), rows whose label is not one of {@code classes} dropped, classes sorted when not given,
 * then the {@code subset} taken over the rows in their order (not per class, as Keras).
 */
final class DataframeListing {
  static final Set<String> CLASS_MODES = new LinkedHashSet<>(Arrays.asList(
      "binary", "categorical", "input", "raw", "sparse", null));

  private DataframeListing() {}

  static DirectoryIterator iterator(ImageDataGenerator gen, Path csvFile, FlowOptions o) throws IOException {
    o.checkClassMode(CLASS_MODES);
    CsvTable table = CsvTable.read(csvFile);
    List<String> names = table.column(o.xCol(), "x_col");
    String mode = o.classMode();
    boolean classed = mode != null && !mode.equals("input") && !mode.equals("raw");
    List<String> ys = mode == null || mode.equals("input") ? null : table.column(o.yCol(), "y_col");
    if ("binary".equals(mode)) {
      int k = o.classes() != null && !o.classes().isEmpty() ? new TreeSet<>(o.classes()).size() : new TreeSet<>(ys).size();
      if (k != 2) {
        throw new IllegalArgumentException("If class_mode=\"binary\" there must be 2 classes. "
            + (o.classes() != null && !o.classes().isEmpty() ? k + " class/es were given." : "Found " + k + " classes."));
      }
    }
    Path dir = o.directory();
    List<Integer> rows = new ArrayList<>();
    int invalid = 0;
    for (int i = 0; i < names.size(); i++) {
      Path p = dir == null ? Path.of(names.get(i)) : dir.resolve(names.get(i));
      if (ImageFolderIndex.allowedExtension(p, ImageFolderIndex.Listing.LEGACY.suffixes()) && Files.isRegularFile(p)) {
        rows.add(i);
      } else {
        invalid++;
      }
    }
    if (invalid > 0) {
      System.err.println("WARNING: Found " + invalid + " invalid image filename(s) in x_col=\"" + o.xCol()
          + "\". These filename(s) will be ignored.");
    }
    Map<String, Integer> indices = new LinkedHashMap<>();
    if (classed) {
      List<String> classes;
      if (o.classes() != null && !o.classes().isEmpty()) {
        classes = new ArrayList<>(new LinkedHashSet<>(o.classes()));
        rows.removeIf(i -> !classes.contains(ys.get(i)));
      } else {
        TreeSet<String> seen = new TreeSet<>();
        rows.forEach(i -> seen.add(ys.get(i)));
        classes = new ArrayList<>(seen);
      }
      for (int c = 0; c < classes.size(); c++) {
        indices.put(classes.get(c), c);
      }
    }
    int[] range = o.split(rows.size(), gen.validationSplit());
    rows = rows.subList(range[0], range[1]);
    List<String> filenames = new ArrayList<>();
    List<Path> paths = new ArrayList<>();
    int[] labels = new int[classed ? rows.size() : 0];
    float[] raw = "raw".equals(mode) ? new float[rows.size()] : null;
    for (int k = 0; k < rows.size(); k++) {
      int i = rows.get(k);
      filenames.add(names.get(i));
      paths.add(dir == null ? Path.of(names.get(i)) : dir.resolve(names.get(i)));
      if (classed) {
        labels[k] = indices.get(ys.get(i));
      } else if (raw != null) {
        raw[k] = number(ys.get(i), i, o.yCol(), csvFile);
      }
    }
    DirectoryIterator.log().println("Found " + rows.size() + " validated image filenames"
        + (classed ? " belonging to " + indices.size() + " classes." : "."));
    return new DirectoryIterator(gen, o, filenames, paths, labels, raw, indices);
  }

  private static float number(String v, int row, String column, Path file) {
    try {
      return Float.parseFloat(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(file + ": row " + (row + 1) + ", column \"" + column
          + "\": class_mode=\"raw\" expects numbers. Received: " + v);
    }
  }
}
