package org.jkeras.saving;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras's legacy HDF5 weight layout, the one of the {@code keras.applications} ImageNet files
 * ({@code vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5}) and of Keras 2's
 * {@code save_weights("x.h5")}: root attribute {@code layer_names}; one group per layer with
 * attribute {@code weight_names}; one dataset per weight under that name
 * ({@code block1_conv1/block1_conv1_W_1:0}). A whole-model file keeps the same layout under
 * {@code model_weights}.
 *
 * <p>Only the file's index is read here (names, and datasets as metadata): the loader matches it
 * against the model and reads the values of the datasets it keeps ({@link WeightDatasets}), so a
 * file listing layers the model does not have, however large they claim to be, costs nothing.
 */
final class LegacyH5Weights {
  private LegacyH5Weights() {}

  /** True when {@code f} is in this layout (a {@code layer_names} attribute at the root or in {@code model_weights}). */
  static boolean isLegacyLayout(HdfFile f, Path file) throws IOException {
    Group modelWeights = Hdf5Reading.group(f, "model_weights", file);
    return Hdf5Reading.hasAttribute(f, "layer_names")
        || (modelWeights != null && Hdf5Reading.hasAttribute(modelWeights, "layer_names"));
  }

  /**
   * Every layer that has weights, in the file's layer order: layer name to its datasets in the
   * order of its {@code weight_names} (for a Conv2D or Dense layer: kernel, then bias). No value
   * is read.
   *
   * @throws IOException naming the file (and the layer or dataset) when it is not in this layout,
   *     or names a weight it does not hold as a dataset reached through hard links
   */
  static Map<String, List<Dataset>> index(HdfFile f, Path file) throws IOException {
    Group root = f;
    if (Hdf5Reading.strings(root, "layer_names", file) == null && Hdf5Reading.group(root, "model_weights", file) != null) {
      root = Hdf5Reading.group(root, "model_weights", file);
    }
    List<String> layerNames = Hdf5Reading.strings(root, "layer_names", file);
    if (layerNames == null) {
      throw new IOException(Hdf5Reading.oneLine(file.toAbsolutePath() + " is not a Keras weight file in the legacy"
          + " layout: it has no `layer_names` attribute" + (Hdf5Reading.group(f, "layers", file) != null
              ? " (it looks like a Keras 3 .weights.h5 file)" : "") + "."));
    }
    Map<String, List<Dataset>> out = new LinkedHashMap<>();
    for (String layer : layerNames) {
      Group g = Hdf5Reading.group(root, layer, file);
      if (g == null) {
        throw new IOException(Hdf5Reading.oneLine(file.toAbsolutePath() + " lists layer `" + layer
            + "` in `layer_names` but has no group for it."));
      }
      List<String> weightNames = Hdf5Reading.strings(g, "weight_names", file);
      if (weightNames == null || weightNames.isEmpty()) {
        continue;
      }
      List<Dataset> datasets = new ArrayList<>();
      for (String w : weightNames) {
        Node n = Hdf5Reading.node(g, w, file);
        if (!(n instanceof Dataset)) {
          throw new IOException(Hdf5Reading.oneLine(file.toAbsolutePath() + ": layer `" + layer + "` names weight `" + w
              + "` but holds no dataset of that name."));
        }
        datasets.add((Dataset) n);
      }
      out.put(layer, Collections.unmodifiableList(datasets));
    }
    return out;
  }
}
