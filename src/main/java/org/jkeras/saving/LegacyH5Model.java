package org.jkeras.saving;

import io.jhdf.HdfFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jkeras.backend.KerasVariable;
import org.jkeras.layers.Layer;
import org.jkeras.utils.Json;

/**
 * A whole model in Keras's legacy HDF5 format (Keras 2's {@code model.save("m.h5")}, which Keras 3
 * still writes): root attributes {@code model_config} (the model's config as JSON) and {@code
 * training_config} (its compile arguments, the optimizer as {@code optimizer_config}), and the
 * weights under {@code model_weights} in the legacy layout of {@link LegacyH5Weights}: one group per
 * layer of the model, a nested model's weights all under its own group.
 *
 * <p>{@link #read} gives the two configs as Keras 3 reads them ({@link LegacyConfigs}: Keras 2's
 * files too); the models package builds the model, then {@link #loadWeights} matches each of its
 * layers with weights to its group by name, checks every shape and reads the values only once all
 * fit. Once the model is compiled, {@link LegacyH5OptimizerWeights#load} restores the optimizer's
 * state ({@code optimizer_weights}).
 */
public final class LegacyH5Model {
  /**
   * The configs of a legacy file.
   *
   * @param trainingConfig the compile arguments, or null when the model was saved uncompiled
   */
  public record Contents(Path file, Map<String, Object> modelConfig, Map<String, Object> trainingConfig) {}

  private LegacyH5Model() {}

  /** True when {@code path}'s name ends in {@code .h5} or {@code .hdf5}: Keras's rule for this format. */
  public static boolean isLegacyPath(Path path) {
    if (path == null || path.getFileName() == null) {
      return false;
    }
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".h5") || name.endsWith(".hdf5");
  }

  /**
   * Reads the model's configs from {@code file}.
   *
   * @throws java.io.FileNotFoundException when there is no such file
   * @throws IOException naming the file when it is not HDF5, is damaged, or holds no model (a
   *     weights file: no {@code model_config} attribute), or when a config is not a JSON object
   */
  public static Contents read(Path file) throws IOException {
    try (HdfFile f = Hdf5Reading.open(file)) {
      Map<String, Object> model = json(f, "model_config", file);
      if (model == null) {
        throw new IOException(Hdf5Reading.oneLine(file.toAbsolutePath() + " holds no model: it has no `model_config`"
            + " attribute (" + (LegacyH5Weights.isLegacyLayout(f, file) || Hdf5Reading.group(f, "layers", file) != null
                ? "it is a weights file; build the model and call loadWeights" : "it is not a Keras model file")
            + "). Nothing was loaded."));
      }
      List<String> version = Hdf5Reading.strings(f, "keras_version", file);
      boolean keras2 = version != null && version.size() == 1 && LegacyConfigs.isKeras2(version.get(0));
      return new Contents(file, LegacyConfigs.modelConfig(model, keras2),
          LegacyConfigs.trainingConfig(json(f, "training_config", file)));
    } catch (RuntimeException | StackOverflowError e) {
      throw Hdf5Reading.unreadable(file, e);
    }
  }

  private static Map<String, Object> json(HdfFile f, String attribute, Path file) throws IOException {
    List<String> text = Hdf5Reading.strings(f, attribute, file);
    if (text == null) {
      return null;
    }
    if (text.size() != 1) {
      throw new IOException(Hdf5Reading.oneLine(file.toAbsolutePath() + ": attribute `" + attribute + "` holds "
          + text.size() + " strings, expected one JSON text. Nothing was loaded."));
    }
    try {
      return Json.parseObject(text.get(0));
    } catch (IllegalArgumentException e) {
      throw new IOException(Hdf5Reading.oneLine(file.toAbsolutePath() + ": attribute `" + attribute
          + "` is not a JSON object (" + e.getMessage() + "). Nothing was loaded."), e);
    }
  }

  /**
   * Loads the weights of {@code file} into {@code model}, built from its {@code model_config}: each
   * of the model's layers that has weights takes those of the group of its name, in Keras's legacy
   * order (trainable weights, then the others; a nested model's all together). Nothing changes
   * unless every layer fits; NaN or infinite values are refused.
   *
   * @throws IOException naming the file when it is damaged or not in the legacy layout
   * @throws IllegalArgumentException naming the file and each layer at fault when the weights do
   *     not fit the model
   */
  public static void loadWeights(Layer model, Path file) throws IOException {
    List<Layer> layers = new ArrayList<>();
    for (Layer l : model.containedLayers()) {
      if (!l.weights().isEmpty()) {
        layers.add(l);
      }
    }
    List<String> problems = new ArrayList<>();
    try (HdfFile f = Hdf5Reading.open(file); FileChannel channel = FileChannel.open(file);
        WeightDatasets chosen = new WeightDatasets(file, Files.size(file), HdfRegion.wholeFile(file, channel, f))) {
      try {
        WeightLoading.matchByLayer(layers, LegacyH5Model::legacyOrder, LegacyH5Weights.index(f, file), chosen, problems);
        if (problems.isEmpty()) {
          chosen.read();
        }
      } catch (RuntimeException | StackOverflowError e) {
        throw Hdf5Reading.unreadable(file, e);
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(Hdf5Reading.oneLine("Cannot load the weights of " + file.toAbsolutePath()
            + " into model \"" + model.name() + "\" built from its config: " + Hdf5Reading.listed(problems)
            + ". Nothing was loaded."));
      }
      chosen.assign("model \"" + model.name() + "\"", false);
    }
  }

  /** Keras's {@code _legacy_weights(layer)}: {@code trainable_weights + non_trainable_weights}. */
  private static List<KerasVariable> legacyOrder(Layer layer) {
    List<KerasVariable> out = new ArrayList<>(layer.trainableWeights());
    out.addAll(layer.nonTrainableWeights());
    return out;
  }
}
