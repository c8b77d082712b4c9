package org.jkeras.models;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.KerasVariable;
import org.jkeras.saving.SavedModels;
import org.jkeras.saving.Serialization;
import org.jkeras.utils.Json;
import org.jkeras.utils.TargetLock;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Result;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.types.TFloat32;

/** {@code keras.models}: {@link #loadModel(Path)} rebuilds a model written by {@link Model#save(Path)}. */
public final class Models {
  private Models() {}

  /**
   * Keras's {@code load_model}: the model's layers from {@code jkeras_model.json}, its weights from
   * the SavedModel's variables. The result is built and uncompiled; {@code compile} it to train or
   * evaluate.
   */
  @SuppressWarnings("unchecked")
  public static Model loadModel(Path dir) throws IOException {
    TargetLock.recoverIfIdle(dir); // a save killed half-way: finish or undo it first
    Path config = dir.resolve(SavedModels.CONFIG_FILE);
    if (!Files.isDirectory(dir)) {
      throw new java.io.FileNotFoundException("No model found at " + dir.toAbsolutePath() + ": the folder does not exist.");
    }
    if (!Files.isRegularFile(config)) {
      throw new IllegalArgumentException(
          "The folder " + dir.toAbsolutePath() + " holds no jkeras model (missing " + SavedModels.CONFIG_FILE
              + "). A SavedModel written by another tool can be served with SavedModelBundle or inspected with `jkeras inspect`.");
    }
    Map<String, Object> cfg = Json.parseObject(Files.readString(config, StandardCharsets.UTF_8));
    Model model = (Model) Serialization.deserialize((Map<String, Object>) cfg.get("model"));
    List<String> names = (List<String>) cfg.get("weights");
    List<KerasVariable> weights = model.weightsByLayer();
    if (names == null || names.size() != weights.size()) {
      throw new IllegalArgumentException(
          "The model in " + dir + " lists " + (names == null ? 0 : names.size()) + " weights but its config builds "
              + weights.size() + ".");
    }
    try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), SavedModelBundle.DEFAULT_TAG)) {
      for (int i = 0; i < weights.size(); i++) {
        KerasVariable w = weights.get(i);
        if (bundle.graph().operation(names.get(i)) == null) {
          throw new IllegalArgumentException("The SavedModel in " + dir + " has no variable `" + names.get(i) + "`.");
        }
        try (Result r = bundle.session().runner().fetch(names.get(i)).run()) {
          TFloat32 t = (TFloat32) r.get(0);
          if (!t.shape().equals(w.shape())) {
            throw new IllegalArgumentException(
                "Variable `" + names.get(i) + "` in " + dir + " has shape " + t.shape() + " but layer weight `"
                    + w.path() + "` expects " + w.shape() + ".");
          }
          FloatNdArray v = NdArrays.ofFloats(t.shape());
          t.copyTo(v);
          w.assign(v);
        }
      }
    }
    Map<String, Object> compile = (Map<String, Object>) cfg.get("compile_config");
    if (compile != null) {
      recompile(model, compile);
    }
    return model;
  }

  /** Compiles {@code model} as recorded in a saved {@code compile_config} (optimizer state starts afresh). */
  @SuppressWarnings("unchecked")
  private static void recompile(Model model, Map<String, Object> compile) {
    Map<String, Object> opt = (Map<String, Object>) compile.get("optimizer");
    Map<String, Object> loss = (Map<String, Object>) compile.get("loss");
    List<Object> metrics = (List<Object>) compile.get("metrics");
    org.jkeras.optimizers.Optimizer optimizer = org.jkeras.optimizers.Optimizers.fromConfig(
        (String) opt.get("class_name"), (Map<String, Object>) opt.get("config"));
    Map<String, Object> lossConfig = (Map<String, Object>) loss.get("config");
    String lossName = (String) lossConfig.get("name");
    org.jkeras.losses.Loss l = org.jkeras.losses.Losses.get(lossName);
    if (Boolean.TRUE.equals(lossConfig.get("from_logits"))) {
      l = org.jkeras.losses.Losses.fromLogits(lossName);
    }
    String[] ms = new String[metrics.size()];
    for (int i = 0; i < ms.length; i++) {
      ms[i] = (String) metrics.get(i);
    }
    model.trainer().compile(optimizer, l, ms);
  }

  /** Metadata stored next to the model by {@link SavedModels#export} (class names...), or an empty map. */
  public static Map<String, Object> metadata(Path dir) throws IOException {
    Path config = dir.resolve(SavedModels.CONFIG_FILE);
    if (!Files.isRegularFile(config)) {
      return Map.of();
    }
    return Json.parseObject(Files.readString(config, StandardCharsets.UTF_8));
  }
}
