package org.jkeras.saving;

import io.jhdf.HdfFile;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * A minimal reader of Keras 3's {@code .weights.h5} ({@code model.save_weights}): group
 * {@code layers/<path>/vars} per layer, datasets {@code 0}, {@code 1}... in the layer's weight
 * order, the layer's name in the {@code name} attribute of {@code vars} (Keras 3.15 writes it).
 *
 * <p>Read-only and flat (the layers of one functional model), enough to load a Keras VGG16. The
 * full {@code .weights.h5} save/load of any jkeras model belongs with {@code Model.saveWeights};
 * this reader is meant to delegate to it once both exist.
 */
public final class WeightsH5Reader {
  private WeightsH5Reader() {}

  /** True when the file has Keras 3's {@code layers} group at the root. */
  public static boolean isWeightsH5Layout(HdfFile f) {
    return Hdf5Reading.group(f, "layers") != null;
  }

  /**
   * Each layer with weights: its key (the layer's name from the {@code name} attribute, or Keras's
   * object path such as {@code conv2d_3} when the file has none) to its values in order.
   *
   * @throws IOException naming the file when it is missing, not HDF5, truncated or not this layout
   */
  public static Map<String, List<FloatNdArray>> read(Path file) throws IOException {
    try (HdfFile f = Hdf5Reading.open(file)) {
      return read(f, file);
    }
  }

  static Map<String, List<FloatNdArray>> read(HdfFile f, Path file) throws IOException {
    try {
      Group layers = Hdf5Reading.group(f, "layers");
      if (layers == null) {
        throw new IOException(file + " is not a Keras 3 .weights.h5 file: it has no `layers` group.");
      }
      Map<String, List<FloatNdArray>> out = new LinkedHashMap<>();
      for (Node n : layers) {
        if (!(n instanceof Group layer)) {
          continue;
        }
        Group vars = Hdf5Reading.group(layer, "vars");
        if (vars == null || vars.getChildren().isEmpty()) {
          continue;
        }
        List<String> named = Hdf5Reading.strings(vars, "name", file);
        String key = named != null && named.size() == 1 ? named.get(0) : layer.getName();
        TreeMap<Integer, FloatNdArray> ordered = new TreeMap<>();
        for (Node v : vars) {
          if (!(v instanceof io.jhdf.api.Dataset ds)) {
            continue;
          }
          int index;
          try {
            index = Integer.parseInt(v.getName());
          } catch (NumberFormatException e) {
            throw new IOException(file + ": unexpected dataset " + v.getPath() + " (Keras 3 numbers a layer's variables 0, 1, ...).");
          }
          ordered.put(index, Hdf5Reading.floats(ds, file));
        }
        if (out.containsKey(key)) {
          throw new IOException(file + " holds two layers named `" + key + "`.");
        }
        out.put(key, Collections.unmodifiableList(new ArrayList<>(ordered.values())));
      }
      return out;
    } catch (RuntimeException e) {
      throw Hdf5Reading.unreadable(file, e);
    }
  }
}
