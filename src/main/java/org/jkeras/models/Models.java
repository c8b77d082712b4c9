package org.jkeras.models;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.KerasVariable;
import org.jkeras.saving.SavedModelCheckpoint;
import org.jkeras.saving.SavedModels;
import org.jkeras.saving.Serialization;
import org.jkeras.utils.Json;
import org.jkeras.utils.TargetLock;
import org.tensorflow.ndarray.FloatNdArray;

/** {@code keras.models}: {@link #loadModel(Path)} rebuilds a model written by {@link Model#save(Path)}. */
public final class Models {
  private Models() {}

  /**
   * Keras's {@code load_model}: the model's layers from {@code jkeras_model.json}, its weights from
   * the SavedModel's checkpoint ({@code variables/}), read by a restore in a graph of jkeras's own:
   * none of the SavedModel's graph runs, so a tampered {@code saved_model.pb} cannot do anything
   * here. The result is built and uncompiled; {@code compile} it to train or evaluate.
   *
   * @throws java.io.FileNotFoundException when the folder does not exist
   * @throws IllegalArgumentException naming the file when the config is missing, not JSON or not a
   *     jkeras config, or when the checkpoint lacks a weight or holds another shape
   * @throws IOException naming the file when the checkpoint is truncated or damaged
   */
  @SuppressWarnings("unchecked")
  public static Model loadModel(Path dir) throws IOException {
    TargetLock.recoverIfIdle(dir); // a save killed half-way: finish or undo it first
    Path config = dir.resolve(SavedModels.CONFIG_FILE);
    if (!Files.isDirectory(dir)) {
      throw new FileNotFoundException("No model found at " + dir.toAbsolutePath() + ": the folder does not exist.");
    }
    if (!Files.isRegularFile(config)) {
      throw new IllegalArgumentException(
          "The folder " + dir.toAbsolutePath() + " holds no jkeras model (missing " + SavedModels.CONFIG_FILE
              + "). A SavedModel written by another tool can be served with ServingModel or inspected with `jkeras inspect`.");
    }
    Map<String, Object> cfg = Json.readObject(config);
    if (!(cfg.get("model") instanceof Map) || !(cfg.get("weights") instanceof List)
        || !((List<Object>) cfg.get("weights")).stream().allMatch(String.class::isInstance)) {
      throw new IllegalArgumentException(config + " is not a jkeras model config: it needs a \"model\" object and a \"weights\" list of variable names.");
    }
    Model model;
    try {
      model = (Model) Serialization.deserialize((Map<String, Object>) cfg.get("model"));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(config + " is not a jkeras model config: " + e.getMessage(), e);
    }
    try {
      List<String> names = (List<String>) cfg.get("weights");
      List<KerasVariable> weights = model.weightsByLayer();
      if (names.size() != weights.size()) {
        throw new IllegalArgumentException(
            "The model in " + dir + " lists " + names.size() + " weights but its config builds " + weights.size() + ".");
      }
      Map<String, FloatNdArray> values = SavedModelCheckpoint.open(dir).read(names);
      for (int i = 0; i < weights.size(); i++) {
        KerasVariable w = weights.get(i);
        FloatNdArray v = values.get(names.get(i));
        if (!v.shape().equals(w.shape())) {
          throw new IllegalArgumentException(
              "Variable `" + names.get(i) + "` in " + dir + " has shape " + v.shape() + " but layer weight `"
                  + w.path() + "` expects " + w.shape() + ".");
        }
        w.assign(v);
      }
      Map<String, Object> compile = (Map<String, Object>) cfg.get("compile_config");
      if (compile != null) {
        model.compileFromConfig(compile);
      }
      return model;
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** Metadata stored next to the model by {@link SavedModels#export} (class names...), or an empty map. */
  public static Map<String, Object> metadata(Path dir) throws IOException {
    Path config = dir.resolve(SavedModels.CONFIG_FILE);
    if (!Files.isRegularFile(config)) {
      return Map.of();
    }
    return Json.readObject(config);
  }
}
