package org.jkeras.models;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.KerasVariable;
import org.jkeras.kwargs.Args;
import org.jkeras.saving.KerasFile;
import org.jkeras.saving.LegacyH5Model;
import org.jkeras.saving.SavedModelCheckpoint;
import org.jkeras.saving.SavedModels;
import org.jkeras.saving.Serialization;
import org.jkeras.saving.SerializationScope;
import org.jkeras.saving.WeightsFile;
import org.jkeras.utils.Json;
import org.jkeras.utils.TargetLock;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * {@code keras.models}: {@link #loadModel} rebuilds a model from Keras's {@code .keras} file, a
 * legacy Keras {@code .h5} model file, or a SavedModel folder written by {@link Model#save(Path)}.
 */
public final class Models {
  private Models() {}

  /**
   * Keras's {@code load_model(filepath, custom_objects=None, compile=True, safe_mode=True)}, by what
   * {@code path} names (Keras's rule, the file's suffix):
   *
   * <ul>
   *   <li>{@code m.keras}: Keras 3's file, from Python's {@code model.save("m.keras")} or {@link
   *       Model#save(Path)}: the architecture from its {@code config.json} (Sequential, functional,
   *       nested models), the weights, and the compile config (optimizer, loss, metrics) with the
   *       optimizer's state (iterations, moments...), so that {@code fit} continues where it stopped. The archive is read in memory within limits, never
   *       extracted; every member is checked before anything is built.
   *   <li>{@code m.h5}: a whole model in Keras's legacy HDF5 format ({@code model_config},
   *       {@code model_weights}, {@code training_config}).
   *   <li>a folder: a SavedModel written by {@link Model#save(Path)} (see {@link #loadModel(Path)}).
   * </ul>
   *
   * <p>{@code customObjects(Map.of("Scale", Scale::fromConfig))} builds the user's layer classes
   * the file names; {@code compile(false)} leaves the model uncompiled; {@code safeMode(false)}
   * allows layer classes whose configs carry code (Keras's {@code Lambda}). Nothing is half-loaded:
   * a model built before an error is closed.
   *
   * @throws java.io.FileNotFoundException when there is no such file or folder
   * @throws IOException naming the file when it is not a zip or HDF5 file, is damaged or
   *     truncated, lacks a member, or breaks a limit (a zip bomb, a path-traversal member name)
   * @throws IllegalArgumentException naming the file and the layer when the config names a class
   *     jkeras lacks or safe mode refuses, or when the weights do not fit the architecture
   */
  public static Model loadModel(Path path, Args.LoadModelArg... args) throws IOException {
    ModelFiles.Options options = ModelFiles.Options.of(args);
    if (KerasFile.isKerasPath(path)) {
      return ModelFiles.keras(path, options);
    }
    if (LegacyH5Model.isLegacyPath(path)) {
      return ModelFiles.legacyH5(path, options);
    }
    if (Files.isRegularFile(path)) {
      throw new IllegalArgumentException("File format not supported: filepath=" + path + ". jkeras loads Keras 3's `.keras`"
          + " files, legacy Keras `.h5` model files and SavedModel folders written by jkeras.");
    }
    try (SerializationScope scope = SerializationScope.open(options.customObjects(), options.safeMode())) {
      return loadSavedModel(path, options.compile());
    }
  }

  /**
   * Keras's {@code load_model} with its defaults: for a folder, the model's layers from {@code
   * jkeras_model.json}, its weights from the SavedModel's checkpoint ({@code variables/}), read by
   * a restore in a graph of jkeras's own: none of the SavedModel's graph runs, so a tampered {@code
   * saved_model.pb} cannot do anything here. The result is built and compiled as it was saved.
   * A {@code .keras} or {@code .h5} file is read as {@link #loadModel(Path, Args.LoadModelArg...)} says.
   *
   * @throws java.io.FileNotFoundException when the folder does not exist
   * @throws IllegalArgumentException naming the file when the config is missing, not JSON or not a
   *     jkeras config, or when the checkpoint lacks a weight or holds another shape
   * @throws IOException naming the file when the checkpoint is truncated or damaged
   */
  public static Model loadModel(Path dir) throws IOException {
    return loadModel(dir, new Args.LoadModelArg[0]);
  }

  @SuppressWarnings("unchecked")
  private static Model loadSavedModel(Path dir, boolean compileModel) throws IOException {
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
      if (compile != null && compileModel) {
        model.compileFromConfig(compile);
        Path optimizerState = dir.resolve(SavedModels.OPTIMIZER_FILE);
        if (Files.isRegularFile(optimizerState)) {
          WeightsFile.loadOptimizer(model.optimizer(), optimizerState);
        }
      }
      model.writePendingValues();
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
