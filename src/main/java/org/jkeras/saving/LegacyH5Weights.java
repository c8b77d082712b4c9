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
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Keras's legacy HDF5 weight layout, the one of the {@code keras.applications} ImageNet files
 * ({@code vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5}) and of Keras 2's
 * {@code save_weights("x.h5")}: root attribute {@code layer_names}; one group per layer with
 * attribute {@code weight_names}; one dataset per weight under that name
 * ({@code block1_conv1/block1_conv1_W_1:0}). A whole-model file keeps the same layout under
 * {@code model_weights}.
 */
public final class LegacyH5Weights {
  private LegacyH5Weights() {}

  /** True when {@code file} is HDF5 in this layout (a {@code layer_names} attribute at the root or in {@code model_weights}). */
  public static boolean isLegacyLayout(HdfFile f) {
    Group modelWeights = Hdf5Reading.group(f, "model_weights");
    return Hdf5Reading.hasAttribute(f, "layer_names")
        || (modelWeights != null && Hdf5Reading.hasAttribute(modelWeights, "layer_names"));
  }

  /**
   * Reads every layer that has weights, in the file's layer order: layer name to values in the
   * order of its {@code weight_names} (for a Conv2D or Dense layer: kernel, then bias). Everything
   * is read before anything is returned.
   *
   * @throws IOException naming the file (and the layer or dataset) when it is missing, not HDF5,
   *     truncated, or not in this layout
   */
  public static Map<String, List<FloatNdArray>> read(Path file) throws IOException {
    try (HdfFile f = Hdf5Reading.open(file)) {
      return read(f, file);
    }
  }

  static Map<String, List<FloatNdArray>> read(HdfFile f, Path file) throws IOException {
    try {
      Group root = f;
      if (Hdf5Reading.strings(root, "layer_names", file) == null && Hdf5Reading.group(root, "model_weights") != null) {
        root = Hdf5Reading.group(root, "model_weights");
      }
      List<String> layerNames = Hdf5Reading.strings(root, "layer_names", file);
      if (layerNames == null) {
        throw new IOException(file + " is not a Keras weight file in the legacy layout: it has no `layer_names` attribute"
            + (Hdf5Reading.group(f, "layers") != null ? " (it looks like a Keras 3 .weights.h5 file)" : "") + ".");
      }
      Map<String, List<FloatNdArray>> out = new LinkedHashMap<>();
      for (String layer : layerNames) {
        Group g = Hdf5Reading.group(root, layer);
        if (g == null) {
          throw new IOException(file + " lists layer `" + layer + "` in `layer_names` but has no group for it.");
        }
        List<String> weightNames = Hdf5Reading.strings(g, "weight_names", file);
        if (weightNames == null || weightNames.isEmpty()) {
          continue;
        }
        List<FloatNdArray> values = new ArrayList<>();
        for (String w : weightNames) {
          Node n = g.getByPath(w);
          if (!(n instanceof io.jhdf.api.Dataset)) {
            throw new IOException(file + ": layer `" + layer + "` names weight `" + w + "` but holds no dataset of that name.");
          }
          values.add(Hdf5Reading.floats((io.jhdf.api.Dataset) n, file));
        }
        out.put(layer, Collections.unmodifiableList(values));
      }
      return out;
    } catch (RuntimeException e) {
      throw Hdf5Reading.unreadable(file, e);
    }
  }
}
